using DeepDream.Video;

namespace DeepDream.Requests;

/// <summary>A request for a video: its format is said by name in the studio; the command line takes it from the output's name.</summary>
public abstract record VideoRequest : IOptions
{
    /// <summary>The video's format in the studio: "mp4" (the default), "webm" or "gif". The command line goes by the output's extension.</summary>
    [Option("the video's format", Choices = ["mp4", "webm", "gif"], Fronts = Fronts.Studio)]
    public string Format { get; init; } = "mp4";

    /// <inheritdoc/>
    public abstract void Validate();
}

/// <summary>A zoom video from a photo, as the DeepDream video notebook makes it.</summary>
public sealed record ZoomRequest : VideoRequest
{
    /// <summary>The photo dreamed on, by its content: in the studio, the job's file; the command line's is its argument.</summary>
    public InputFile? Photo { get; init; }

    /// <summary>How the zoom dreams and zooms; its options are offered flat beside the request's own.</summary>
    [OptionGroup]
    public ZoomOptions Zoom { get; init; } = new();

    /// <inheritdoc/>
    public override void Validate()
    {
        Zoom.Validate();
        OptionSpecs.Of<ZoomRequest>().CheckOwn(this);
    }
}

/// <summary>A user's clip dreamed frame by frame along its motion, keeping its sound.</summary>
public sealed record ClipRequest : VideoRequest
{
    /// <summary>The clip, by its content: in the studio, the job's file; the command line's is its argument.</summary>
    public InputFile? Clip { get; init; }

    /// <summary>How the clip is dreamed; its options are offered flat beside the request's own.</summary>
    [OptionGroup]
    public VideoOptions Video { get; init; } = new();

    /// <inheritdoc/>
    public override void Validate()
    {
        Video.Validate();
        OptionSpecs.Of<ClipRequest>().CheckOwn(this);
    }
}
