using DeepDream.Dreaming;
using DeepDream.Visualization;

namespace DeepDream.Requests;

/// <summary>A looks sheet: one photo dreamed through each look of the model, or each of the given layers, side by side.</summary>
public sealed record LooksRequest : IOptions
{
    /// <summary>The photo dreamed on, by its content: in the studio, the job's file; the command line's is its argument.</summary>
    public InputFile? Photo { get; init; }

    /// <summary>How each look dreams; it dreams whole layers, those of <see cref="Layers"/>.</summary>
    [OptionGroup]
    public DreamOptions Dream { get; init; } = new();

    /// <summary>Null: the model's looks.</summary>
    [Option("layers or looks to compare, comma-separated (default: edges, textures, patterns, parts, objects)")]
    public IReadOnlyList<string>? Layers { get; init; }

    /// <summary>
    /// The command line's longer side of the photo on the sheet: a larger photo is scaled down to it, a smaller one kept;
    /// the studio always uses <see cref="LooksSheet.PhotoSize"/>, the default.
    /// </summary>
    [Option("scale the photo so its longer side is at most this", Min = 16, Unit = "pixels", Fronts = Fronts.Cli)]
    public int MaxSize { get; init; } = LooksSheet.PhotoSize;

    /// <summary>
    /// Checks the dream options and the request's own, then that the dream names no layer, channel, objective or
    /// strongest (the sheet dreams whole layers, those of <see cref="Layers"/>) and that <see cref="Layers"/>, if given, names one.
    /// </summary>
    /// <exception cref="DeepDreamException">The first problem, in its option's words.</exception>
    public void Validate()
    {
        Dream.Validate();
        OptionSpecs.Of<LooksRequest>().CheckOwn(this);
        if (Dream.Layer is not null || Dream.Channel is not null || Dream.Objective is not null || Dream.Strongest is not null)
            throw new DeepDreamException("a looks sheet dreams whole layers, those in 'layers': leave out layer, channel, objective and strongest");
        if (Layers is { Count: 0 }) throw new DeepDreamException("layers names no layer; write them like 'layer2,layer3,layer4.0'");
    }
}
