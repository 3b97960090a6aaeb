using DeepDream.Requests;

namespace DeepDream.Dreaming;

/// <summary>Everything that decides a dream; the defaults are those of Google's original notebook.</summary>
public sealed record DreamOptions : IOptions
{
    /// <summary>A catalog model name or a path to a model file.</summary>
    [Option("a catalog model (resnet18) or a path to an .onnx file", Alias = "-m")]
    public string Model { get; init; } = Models.ModelCatalog.DefaultModel;

    /// <summary>A layer name or a preset (edges, textures, patterns, parts, objects); null: the model's default.</summary>
    [Option("a layer name or a preset: edges, textures, patterns, parts, objects (default: the model's)", Alias = "-l")]
    public string? Layer { get; init; }

    /// <summary>Dream one feature channel of the layer instead of the whole layer.</summary>
    [Option("dream one feature channel of the layer", Min = 0, Alias = "-c")]
    public int? Channel { get; init; }

    /// <summary>An objective over layers, "mixed4c + 0.5*mixed4d_3x3_bottleneck_pre_relu[139] - layer2[7]"; instead of the layer and channel.</summary>
    [Option("dream an objective over layers instead, e.g. \"layer3 + 0.5*layer4.0[12] - layer2[7]\" (layers: mean of squares; [c]: a channel's mean)")]
    public string? Objective { get; init; }

    /// <summary>Dream the layer toward this image's features (Caffe's guided dream).</summary>
    [Option("dream the layer toward this image's features (Caffe's guided dream)", Fronts = Fronts.Cli)]
    public InputFile? Guide { get; init; }

    /// <summary>Dream the layer's N channels most active on the photo.</summary>
    [Option("dream the layer's N channels most active on the photo", Min = 1, Max = 64, Unit = "channels")]
    public int? Strongest { get; init; }

    /// <summary>Gradient-ascent steps per octave.</summary>
    // The upper limits are not the network's: they stop a typo (10000 for 100) from running for days.
    [Option("gradient steps per octave", Min = 0, Max = 1000, StudioMax = 100, SliderMin = 1, SliderMax = 40)]
    public int Iterations { get; init; } = 10;

    /// <summary>How many scales the dream runs over, smallest first; the last is the image's own size.</summary>
    [Option("number of scales the dream runs over", Min = 1, Max = 12, StudioMax = 8, SliderMax = 6)]
    public int Octaves { get; init; } = 4;
    /// <summary>Size ratio between one octave and the next, above 1 and at most 4: each octave is the next one's size divided by it.</summary>
    // Above 1: each octave is smaller than the one before it.
    [Option("size ratio between octaves", Min = 1, Max = 4, AboveMin = true, SliderMin = 1.2, SliderMax = 1.8, SliderStep = 0.05)]
    public double OctaveScale { get; init; } = 1.4;

    /// <summary>Step size, in units of the mean absolute gradient.</summary>
    [Option("strength of each step", Min = 0, Max = 100, AboveMin = true, SliderMin = 0.5, SliderMax = 3, SliderStep = 0.1)]
    public double Step { get; init; } = 1.5;

    /// <summary>Largest random shift (pixels) of the image before each step.</summary>
    [Option("largest random shift before each step", Min = 0, Max = 512, Unit = "pixels", Fronts = Fronts.Cli)]
    public int Jitter { get; init; } = 32;

    /// <summary>Largest square (pixels) the network sees at once; bounds memory for any image size.</summary>
    // Smaller tiles leave the deep layers, which see the image at 1/32 scale, only a cell or two.
    [Option("largest square the network sees at once", Min = 64, Max = 4096, Unit = "pixels", Fronts = Fronts.Cli)]
    public int TileSize { get; init; } = 512;

    /// <summary>Same seed, options and input give the same dream, byte for byte; null picks one.</summary>
    [Option("same seed, options and input give the same output bytes")]
    public int? Seed { get; init; }

    /// <summary>Throws with a message naming the first option out of range.</summary>
    public void Validate()
    {
        OptionSpecs.Of<DreamOptions>().CheckOwn(this);
        // One way of saying what to dream at a time.
        var ways = new[] { Objective is not null, Guide is not null, Strongest is not null, Channel is not null }.Count(w => w);
        if (ways > 1) throw new DeepDreamException("choose one of objective, guide, strongest and channel");
        if (Objective is not null && Layer is not null) throw new DeepDreamException("an objective names its layers; leave out layer");
    }
}
