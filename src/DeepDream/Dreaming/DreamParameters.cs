using System.Globalization;
using System.Reflection;
using System.Text.Json;
using DeepDream.Requests;

namespace DeepDream.Dreaming;

/// <summary>
/// What a PNG dream records about itself, enough to make it again (written by the CLI and the studio alike).
/// Every property but <see cref="Program"/> is a `deepdream dream` option of the same name (see <see cref="OptionName"/>),
/// so a new one reaches the repeat command line by itself. The PNG holds this record as JSON with these
/// property names: renaming one makes older files unreadable.
/// </summary>
public sealed record DreamParameters(string Program, string Model, string? Layer, int? Channel, int Iterations, int Octaves,
    double OctaveScale, double Step, int Jitter, int TileSize, int Seed, int? MaxSize, string? Objective = null, string? Guide = null, int? Strongest = null)
{
    /// <summary>The PNG text key under which these parameters are stored, as JSON.</summary>
    public const string Key = "deepdream";

    /// <summary>This library's version, as <see cref="Program"/> records it: without the build metadata after '+'; "0" if the assembly states none.</summary>
    public static string Version => typeof(DreamParameters).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";

    /// <param name="maxSize">The downscale applied to the input first, if any.</param>
    public static DreamParameters From(DreamOptions options, DreamResult result, int? maxSize) =>
        new($"deepdream {Version}", result.Model, options.Objective is null ? result.Layer : null, options.Channel, options.Iterations, options.Octaves, options.OctaveScale,
            options.Step, options.Jitter, options.TileSize, result.Seed, maxSize, options.Objective, options.Guide?.Path, options.Strongest);

    /// <summary>The PNG text entries that carry these parameters.</summary>
    public IReadOnlyDictionary<string, string> PngText() => new Dictionary<string, string>
    {
        ["Software"] = $"deepdream {Version}",
        [Key] = JsonSerializer.Serialize(this),
    };

    /// <summary>The command line that repeats this dream; options left unset (null) are left out.</summary>
    public string CommandLine(string input, string output) =>
        $"deepdream dream {input} -o {output}" + string.Concat(
            from property in typeof(DreamParameters).GetProperties(BindingFlags.Instance | BindingFlags.Public)
            let value = property.GetValue(this)
            where property.Name != nameof(Program) && value is not null
            select $" {OptionName.Cli(property.Name)} {Quoted(Convert.ToString(value, CultureInfo.InvariantCulture)!)}");

    /// <summary>A value as a shell reads it back: objectives and paths may hold spaces.</summary>
    static string Quoted(string value) => value.All(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' or '/' or ':' or '+' or ',')
        ? value : $"'{value.Replace("'", "'\\''")}'";
}
