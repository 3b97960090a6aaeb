using DeepDream.Dreaming;

namespace DeepDream.Cli;

/// <summary>What a PNG dream records about itself, enough to make it again.</summary>
sealed record DreamParameters(string Program, string Model, string Layer, int? Channel, int Iterations, int Octaves,
    double OctaveScale, double Step, int Jitter, int TileSize, int Seed, int? MaxSize)
{
    public const string Key = "deepdream";

    public static DreamParameters From(DreamOptions o, string model, int? maxSize) =>
        new($"deepdream {Commands.DreamCommand.Version}", model, o.Layer!, o.Channel, o.Iterations, o.Octaves, o.OctaveScale, o.Step, o.Jitter, o.TileSize, o.Seed!.Value, maxSize);

    /// <summary>The command line that repeats this dream.</summary>
    public string CommandLine(string input, string output) =>
        $"deepdream dream {input} -o {output} --model {Model} --layer {Layer}{(Channel is { } c ? $" --channel {c}" : "")}" +
        $" --iterations {Iterations} --octaves {Octaves} --octave-scale {OctaveScale} --step {Step} --jitter {Jitter} --tile-size {TileSize}" +
        $" --seed {Seed}{(MaxSize is { } m ? $" --max-size {m}" : "")}";
}
