using System.Globalization;
using DeepDream.Requests;

namespace DeepDream.Visualization;

/// <summary>Everything that decides a feature visualization; settings left unset take the renderer's defaults (<see cref="RendererDefaults"/>).</summary>
public sealed record VisualizeOptions : IOptions
{
    /// <summary>A catalog model name or a path to a model file.</summary>
    [Option("a catalog model (resnet18) or a path to an .onnx file", Alias = "-m")]
    public string Model { get; init; } = Models.ModelCatalog.DefaultModel;

    /// <summary>A layer name or a preset; null: the model's default.</summary>
    [Option("a layer name or a preset: edges, textures, patterns, parts, objects (default: the model's)", Alias = "-l")]
    public string? Layer { get; init; }

    /// <summary>One feature channel's mean; with neither this nor <see cref="Neuron"/>, the whole layer's mean square.</summary>
    [Option("visualize one feature channel of the layer (its mean)", Min = 0, Alias = "-c", Fronts = Fronts.Cli)]
    public int? Channel { get; init; }

    /// <summary>One channel's unit at the centre of the layer (Lucid's neuron).</summary>
    [Option("visualize one channel's unit at the centre of the layer", Min = 0, Fronts = Fronts.Cli)]
    public int? Neuron { get; init; }

    /// <summary>An objective over layers ("layer3[5] + 0.5*layer4.0[9]"), instead of the layer and a channel or neuron.</summary>
    [Option("visualize an objective over layers instead, e.g. \"layer3[5] + 0.5*layer4.0[9]\"", Fronts = Fronts.Cli)]
    public string? Objective { get; init; }

    /// <summary>Maximize −objective: what the channel responds to least.</summary>
    [Option("maximize the negative of the objective: what the channel dislikes", Fronts = Fronts.Cli)]
    public bool Negative { get; init; }

    /// <summary>
    /// Lucid's by default: on ResNet18 its pictures are crisp, saturated and legible (fur, eyes, faces from
    /// layer4.0), where the notebook's renderers give pastel textures at the same cost, and lapnorm lifted a
    /// layer4.0 channel 3x where fourier lifted it 14x.
    /// </summary>
    [Option("naive, multiscale, lapnorm (the TensorFlow notebook's) or fourier (Lucid's)")]
    public RendererKind Renderer { get; init; } = RendererKind.Fourier;

    /// <summary>The side of the square start image, in pixels (multiscale and lapnorm grow it by octaves).</summary>
    // The deepest layers see the image at 1/32 scale: below 32 pixels they see nothing.
    [Option("side of the start image", Min = 32, Max = 2048, Unit = "pixels", StudioMax = 224)]
    public int? Size { get; init; }

    /// <summary>Steps (per octave for multiscale and lapnorm).</summary>
    // The upper limits stop a typo from running for days; Distill's renders take 2560 steps.
    [Option("steps, per octave for multiscale and lapnorm", Min = 1, Max = 10000, StudioMax = 256)]
    public int? Iterations { get; init; }

    /// <summary>Multiscale and lapnorm only.</summary>
    // Octaves grow the image by 1.4 each: 8 take 224 pixels to 2360.
    [Option("multiscale and lapnorm: scales, each 1.4x the one before", Min = 1, Max = 8, Fronts = Fronts.Cli)]
    public int? Octaves { get; init; }

    /// <summary>The notebook's step size; for fourier, Adam's learning rate.</summary>
    [Option("step size; for fourier, Adam's learning rate", Min = 0, Max = 100, AboveMin = true, Fronts = Fronts.Cli)]
    public double? Step { get; init; }

    /// <summary>Same seed and options give the same picture, byte for byte; null picks one.</summary>
    [Option("same seed and options give the same picture", Fronts = Fronts.Cli)]
    public int? Seed { get; init; }

    /// <summary>Throws with a message naming the first option that is out of range or does not fit the others.</summary>
    public void Validate()
    {
        OptionSpecs.Of<VisualizeOptions>().CheckOwn(this);
        if (Channel is not null && Neuron is not null)
            throw new DeepDreamException("give a channel or a neuron, not both: a neuron is one unit of a channel");
        if (Objective is not null && (Layer ?? Channel?.ToString() ?? Neuron?.ToString()) is not null)
            throw new DeepDreamException("an objective names its layers and channels; leave out layer, channel and neuron");
        if (Octaves is not null && RendererDefaults.For(Renderer).Octaves is null)
            throw new DeepDreamException($"the {Renderer.Name()} renderer has no octaves; use multiscale or lapnorm for octaves");
    }

    /// <summary>The renderer's settings left unset take its own defaults: the help lists them.</summary>
    public string? DefaultText(string property) => property switch
    {
        nameof(Size) => PerRenderer(d => d.Size),
        nameof(Iterations) => $"{PerRenderer(d => d.Iterations)}; in a sheet {PerRenderer(d => d.SheetIterations)}",
        nameof(Octaves) => $"{RendererDefaults.For(RendererKind.Lapnorm).Octaves}",
        nameof(Step) => PerRenderer(d => d.Step),
        _ => null,
    };

    static string PerRenderer<T>(Func<RendererDefaults, T> setting) =>
        string.Join(", ", Enum.GetValues<RendererKind>().Select(k => $"{Convert.ToString(setting(RendererDefaults.For(k)), CultureInfo.InvariantCulture)} {k.Name()}"));
}
