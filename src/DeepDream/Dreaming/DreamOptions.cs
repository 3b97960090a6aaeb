namespace DeepDream.Dreaming;

/// <summary>Everything that decides a dream; the defaults are those of Google's original notebook.</summary>
public sealed record DreamOptions
{
    /// <summary>A catalog model name or a path to a model file.</summary>
    public string Model { get; init; } = Models.ModelCatalog.DefaultModel;

    /// <summary>A layer name or a preset (edges, textures, patterns, parts, objects); null: the model's default.</summary>
    public string? Layer { get; init; }

    /// <summary>Dream one feature channel of the layer instead of the whole layer.</summary>
    public int? Channel { get; init; }

    /// <summary>Gradient-ascent steps per octave.</summary>
    public int Iterations { get; init; } = 10;

    public int Octaves { get; init; } = 4;
    public double OctaveScale { get; init; } = 1.4;

    /// <summary>Step size, in units of the mean absolute gradient.</summary>
    public double Step { get; init; } = 1.5;

    /// <summary>Largest random shift (pixels) of the image before each step.</summary>
    public int Jitter { get; init; } = 32;

    /// <summary>Largest square (pixels) the network sees at once; bounds memory for any image size.</summary>
    public int TileSize { get; init; } = 512;

    /// <summary>Same seed, options and input give the same dream, byte for byte; null picks one.</summary>
    public int? Seed { get; init; }

    /// <summary>Throws with a message naming the first option out of range.</summary>
    public void Validate()
    {
        Require(Iterations >= 0, "iterations must be 0 or more");
        Require(Octaves >= 1, "octaves must be 1 or more");
        Require(OctaveScale > 1 && OctaveScale <= 4, "octave scale must be above 1 and at most 4");
        Require(Step > 0 && double.IsFinite(Step), "step must be a positive number");
        Require(Jitter >= 0, "jitter must be 0 or more");
        Require(TileSize >= 64, "tile size must be at least 64 pixels");
        Require(Channel is null or >= 0, "channel must be 0 or more");
    }

    static void Require(bool condition, string message)
    {
        if (!condition) throw new DeepDreamException(message);
    }
}
