using DeepDream.Dreaming;

namespace DeepDream.Visualization;

/// <summary>Everything that decides a feature visualization; settings left unset take the renderer's defaults (<see cref="RendererDefaults"/>).</summary>
public sealed record VisualizeOptions
{
    /// <summary>Each option's valid values, in one place: <see cref="Validate"/> checks them, the command line builds its options from them.</summary>
    public static class Ranges
    {
        public static readonly OptionRange<int> Channel = DreamOptions.Ranges.Channel;
        public static readonly OptionRange<int> Neuron = new(nameof(VisualizeOptions.Neuron), 0);

        // The deepest layers see the image at 1/32 scale: below 32 pixels they see nothing.
        public static readonly OptionRange<int> Size = new(nameof(VisualizeOptions.Size), 32, 2048, unit: "pixels");

        // The upper limits stop a typo from running for days; Distill's renders take 2560 steps.
        public static readonly OptionRange<int> Iterations = new(nameof(VisualizeOptions.Iterations), 1, 10000);

        // Octaves grow the image by 1.4 each: 8 take 224 pixels to 2360.
        public static readonly OptionRange<int> Octaves = new(nameof(VisualizeOptions.Octaves), 1, 8);
        public static readonly OptionRange<double> Step = new(nameof(VisualizeOptions.Step), 0, 100, aboveMin: true);
    }

    /// <summary>A catalog model name or a path to a model file.</summary>
    public string Model { get; init; } = Models.ModelCatalog.DefaultModel;

    /// <summary>A layer name or a preset; null: the model's default.</summary>
    public string? Layer { get; init; }

    /// <summary>One feature channel's mean; with neither this nor <see cref="Neuron"/>, the whole layer's mean square.</summary>
    public int? Channel { get; init; }

    /// <summary>One channel's unit at the centre of the layer (Lucid's neuron).</summary>
    public int? Neuron { get; init; }

    /// <summary>An objective over layers ("layer3[5] + 0.5*layer4.0[9]"), instead of the layer and a channel or neuron.</summary>
    public string? Objective { get; init; }

    /// <summary>Maximize −objective: what the channel responds to least.</summary>
    public bool Negative { get; init; }

    /// <summary>
    /// Lucid's by default: on ResNet18 its pictures are crisp, saturated and legible (fur, eyes, faces from
    /// layer4.0), where the notebook's renderers give pastel textures at the same cost, and lapnorm lifted a
    /// layer4.0 channel 3x where fourier lifted it 14x.
    /// </summary>
    public RendererKind Renderer { get; init; } = RendererKind.Fourier;

    /// <summary>The side of the square start image, in pixels (multiscale and lapnorm grow it by octaves).</summary>
    public int? Size { get; init; }

    /// <summary>Steps (per octave for multiscale and lapnorm).</summary>
    public int? Iterations { get; init; }

    /// <summary>Multiscale and lapnorm only.</summary>
    public int? Octaves { get; init; }

    /// <summary>The notebook's step size; for fourier, Adam's learning rate.</summary>
    public double? Step { get; init; }

    /// <summary>Same seed and options give the same picture, byte for byte; null picks one.</summary>
    public int? Seed { get; init; }

    /// <summary>Throws with a message naming the first option that is out of range or does not fit the others.</summary>
    public void Validate()
    {
        if (Channel is { } channel) Ranges.Channel.Check(channel);
        if (Neuron is { } neuron) Ranges.Neuron.Check(neuron);
        if (Channel is not null && Neuron is not null)
            throw new DeepDreamException("give a channel or a neuron, not both: a neuron is one unit of a channel");
        if (Objective is not null && (Layer ?? Channel?.ToString() ?? Neuron?.ToString()) is not null)
            throw new DeepDreamException("an objective names its layers and channels; leave out layer, channel and neuron");
        if (Size is { } size) Ranges.Size.Check(size);
        if (Iterations is { } iterations) Ranges.Iterations.Check(iterations);
        if (Step is { } step) Ranges.Step.Check(step);
        if (Octaves is { } octaves)
        {
            Ranges.Octaves.Check(octaves);
            if (RendererDefaults.For(Renderer).Octaves is null)
                throw new DeepDreamException($"the {Renderer.Name()} renderer has no octaves; use multiscale or lapnorm for octaves");
        }
    }
}
