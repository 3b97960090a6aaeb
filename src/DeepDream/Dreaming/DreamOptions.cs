namespace DeepDream.Dreaming;

/// <summary>Everything that decides a dream; the defaults are those of Google's original notebook.</summary>
public sealed record DreamOptions
{
    /// <summary>
    /// Each option's valid values, in one place: <see cref="Validate"/> checks them, the command line makes
    /// its options, help and validators from them, and the studio only adds its own caps.
    /// </summary>
    public static class Ranges
    {
        public static readonly OptionRange<int> Channel = new(nameof(DreamOptions.Channel), 0);

        // The upper limits are not the network's: they stop a typo (10000 for 100) from running for days.
        public static readonly OptionRange<int> Iterations = new(nameof(DreamOptions.Iterations), 0, 1000);
        public static readonly OptionRange<int> Octaves = new(nameof(DreamOptions.Octaves), 1, 12);

        // Above 1: each octave is smaller than the one before it.
        public static readonly OptionRange<double> OctaveScale = new(nameof(DreamOptions.OctaveScale), 1, 4, aboveMin: true);
        public static readonly OptionRange<double> Step = new(nameof(DreamOptions.Step), 0, 100, aboveMin: true);
        public static readonly OptionRange<int> Jitter = new(nameof(DreamOptions.Jitter), 0, 512, unit: "pixels");

        // Smaller tiles leave the deep layers, which see the image at 1/32 scale, only a cell or two.
        public static readonly OptionRange<int> TileSize = new(nameof(DreamOptions.TileSize), 64, 4096, unit: "pixels");

        public static readonly OptionRange<int> Strongest = new(nameof(DreamOptions.Strongest), 1, 64, unit: "channels");

        /// <summary>The longer side an input is scaled down to first (dream's --max-size, zoom's --size): below it, there is nothing to dream on.</summary>
        public static readonly OptionRange<int> MaxSize = new(nameof(DreamParameters.MaxSize), 16, unit: "pixels");
    }

    /// <summary>A catalog model name or a path to a model file.</summary>
    public string Model { get; init; } = Models.ModelCatalog.DefaultModel;

    /// <summary>A layer name or a preset (edges, textures, patterns, parts, objects); null: the model's default.</summary>
    public string? Layer { get; init; }

    /// <summary>Dream one feature channel of the layer instead of the whole layer.</summary>
    public int? Channel { get; init; }

    /// <summary>An objective over layers, "mixed4c + 0.5*mixed4d_3x3_bottleneck_pre_relu[139] - layer2[7]"; instead of the layer and channel.</summary>
    public string? Objective { get; init; }

    /// <summary>Dream the layer toward this image's features (Caffe's guided dream), as a path to the image.</summary>
    public string? Guide { get; init; }

    /// <summary>Dream the layer's N channels most active on the photo.</summary>
    public int? Strongest { get; init; }

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
        if (Channel is { } channel) Ranges.Channel.Check(channel);
        Ranges.Iterations.Check(Iterations);
        Ranges.Octaves.Check(Octaves);
        Ranges.OctaveScale.Check(OctaveScale);
        Ranges.Step.Check(Step);
        Ranges.Jitter.Check(Jitter);
        Ranges.TileSize.Check(TileSize);
        if (Strongest is { } strongest) Ranges.Strongest.Check(strongest);
        // One way of saying what to dream at a time.
        var ways = new[] { Objective is not null, Guide is not null, Strongest is not null, Channel is not null }.Count(w => w);
        if (ways > 1) throw new DeepDreamException("choose one of objective, guide, strongest and channel");
        if (Objective is not null && Layer is not null) throw new DeepDreamException("an objective names its layers; leave out layer");
    }
}
