using System.Reflection;
using System.Text.Json;

namespace DeepDream.Dreaming;

/// <summary>What a PNG dream records about itself, enough to make it again (written by the CLI and the studio alike).</summary>
public sealed record DreamParameters(string Program, string Model, string Layer, int? Channel, int Iterations, int Octaves,
    double OctaveScale, double Step, int Jitter, int TileSize, int Seed, int? MaxSize)
{
    public const string Key = "deepdream";

    public static string Version => typeof(DreamParameters).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";

    /// <param name="maxSize">The downscale applied to the input first, if any.</param>
    public static DreamParameters From(DreamOptions options, DreamResult result, int? maxSize) =>
        new($"deepdream {Version}", result.Model, result.Layer, options.Channel, options.Iterations, options.Octaves, options.OctaveScale,
            options.Step, options.Jitter, options.TileSize, result.Seed, maxSize);

    /// <summary>The PNG text entries that carry these parameters.</summary>
    public IReadOnlyDictionary<string, string> PngText() => new Dictionary<string, string>
    {
        ["Software"] = $"deepdream {Version}",
        [Key] = JsonSerializer.Serialize(this),
    };

    /// <summary>The command line that repeats this dream.</summary>
    public string CommandLine(string input, string output) =>
        $"deepdream dream {input} -o {output} --model {Model} --layer {Layer}{(Channel is { } c ? $" --channel {c}" : "")}" +
        $" --iterations {Iterations} --octaves {Octaves} --octave-scale {OctaveScale} --step {Step} --jitter {Jitter} --tile-size {TileSize}" +
        $" --seed {Seed}{(MaxSize is { } m ? $" --max-size {m}" : "")}";
}
