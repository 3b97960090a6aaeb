using DeepDream.Dreaming;

namespace DeepDream.Requests;

/// <summary>A dream of one photo: the command line's `dream` and the studio's dreams.</summary>
public sealed record DreamRequest : IOptions
{
    /// <summary>The photo dreamed on, by its content: in the studio, the job's file; the command line's is its argument.</summary>
    public InputFile? Photo { get; init; }

    /// <summary>How the photo is dreamed; its options are offered flat beside the request's own.</summary>
    [OptionGroup]
    public DreamOptions Dream { get; init; } = new();

    /// <summary>The studio dreams at its own size (serve --max-image-size).</summary>
    [Option("scale larger inputs down first so the longer side is at most this many pixels", Min = 16, Unit = "pixels", Fronts = Fronts.Cli)]
    public int? MaxSize { get; init; }

    /// <inheritdoc/>
    public void Validate()
    {
        Dream.Validate();
        OptionSpecs.Of<DreamRequest>().CheckOwn(this);
    }
}
