using DeepDream.Video;

namespace DeepDream.Requests;

/// <summary>
/// The video formats a request may ask for by name; the command line says it by its output's extension, so only the
/// studio offers it.
/// </summary>
static class VideoFormat
{
    public const string Description = "the video's format";
}

/// <summary>A zoom video from a photo, as the DeepDream video notebook makes it.</summary>
public sealed record ZoomRequest : IOptions
{
    [OptionGroup]
    public ZoomOptions Zoom { get; init; } = new();

    [Option(VideoFormat.Description, Choices = ["mp4", "webm", "gif"], Fronts = Fronts.Studio)]
    public string Format { get; init; } = "mp4";

    public void Validate()
    {
        Zoom.Validate();
        OptionSpecs.Of<ZoomRequest>().CheckOwn(this);
    }
}

/// <summary>A user's clip dreamed frame by frame along its motion, keeping its sound.</summary>
public sealed record ClipRequest : IOptions
{
    [OptionGroup]
    public VideoOptions Video { get; init; } = new();

    [Option(VideoFormat.Description, Choices = ["mp4", "webm", "gif"], Fronts = Fronts.Studio)]
    public string Format { get; init; } = "mp4";

    public void Validate()
    {
        Video.Validate();
        OptionSpecs.Of<ClipRequest>().CheckOwn(this);
    }
}
