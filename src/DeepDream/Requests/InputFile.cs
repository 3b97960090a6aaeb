using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeepDream.Requests;

/// <summary>
/// A file a request names: where it is (a path on the command line; a file of the job's folder in the studio) and,
/// once read, its content's SHA-256, by which resumed renders and stored jobs know it wherever it lies.
/// </summary>
/// <param name="Path">As given; in the studio, relative to the job's folder.</param>
/// <param name="Sha256">Lower-case hex; null until the file is hashed.</param>
[JsonConverter(typeof(InputFileJson))]
public sealed record InputFile(string Path, string? Sha256 = null)
{
    /// <summary>As the command line gives it: a path, read when the work needs it (a missing file is bad input then, not a usage error).</summary>
    public static InputFile Parse(string path) => new(path);

    /// <summary>The same file in a folder (a studio job's).</summary>
    public InputFile In(string folder) => this with { Path = System.IO.Path.Combine(folder, Path) };

    /// <summary>Its content's hash, read now if not known.</summary>
    /// <param name="what">What messages call it ("guide image").</param>
    /// <exception cref="DeepDreamException">The file is not there.</exception>
    public string Content(string what) => Sha256 ?? HashOf(Path, what);

    /// <inheritdoc cref="Content"/>
    public InputFile Hashed(string what) => this with { Sha256 = Content(what) };

    /// <summary>The file by its content alone, where it lies left out: what a resumed render compares.</summary>
    /// <inheritdoc cref="Content"/>
    public InputFile ByContent(string what) => new("", Content(what));

    /// <summary>The SHA-256 of a file's content, in lower-case hex.</summary>
    /// <param name="what">What messages call it ("guide image").</param>
    /// <exception cref="DeepDreamException">The file is not there.</exception>
    public static string HashOf(string path, string what)
    {
        if (!File.Exists(path)) throw new DeepDreamException($"{what} '{path}' does not exist; check the path");
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>The path, as given.</summary>
    public override string ToString() => Path;

    /// <summary>Written as {"Path":…,"Sha256":…}; read from that or, as requests stored before files were named by content, a bare path.</summary>
    sealed class InputFileJson : JsonConverter<InputFile>
    {
        public override InputFile? Read(ref Utf8JsonReader reader, Type type, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String) return new(reader.GetString()!);
            using var json = JsonDocument.ParseValue(ref reader);
            var root = json.RootElement;
            return new(root.GetProperty(nameof(Path)).GetString()!, root.TryGetProperty(nameof(Sha256), out var sha) ? sha.GetString() : null);
        }

        public override void Write(Utf8JsonWriter writer, InputFile value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WriteString(nameof(Path), value.Path);
            if (value.Sha256 is { } sha) writer.WriteString(nameof(Sha256), sha);
            writer.WriteEndObject();
        }
    }
}
