using DeepDream.Requests;
using DeepDream.Video;

namespace DeepDream.Web.Jobs;

/// <summary>A zoom video from a photo, as the notebook makes it: its progress frame by frame, resumed from its stored frames after a restart.</summary>
public sealed class ZoomJobHandler(ImageInput images, GuideInput guides) : PhotoJobHandler<ZoomRequest>(ZoomKind, "zooms",
    "Queue a zoom video: like /dreams, plus the zoom's option fields",
    images, guides, new(r => r.Zoom.Dream, (r, dream) => r with { Zoom = r.Zoom with { Dream = dream } }, (r, photo) => r with { Photo = photo }))
{
    public static readonly JobKind ZoomKind = new("Zoom");

    // Older rows kept the dream options beside the zoom's as well as in them: the same options.
    protected override ZoomRequest Legacy(LegacyOptions stored) => new() { Zoom = stored.Zoom! with { Dream = stored.Dream! }, Format = stored.Format! };

    public override string Run(JobWork<ZoomRequest> work)
    {
        var zoom = work.Request.Zoom with { Dream = Dream(work) };
        if (VideoEncoder.FindFfmpeg() is null) throw new DeepDreamException("ffmpeg is not installed on the server (sudo apt-get install ffmpeg)");
        var frames = new FrameStore(Path.Combine(work.Folder, "frames"), startOverIfChanged: true);
        var file = $"result.{work.Request.Format}";
        ZoomRenderer.Render(ImageInput.Read(work.Folder), zoom, Path.GetExtension(file), frames, resume: true, work.Sessions, work.Frames(), work.Cancel);
        ZoomRenderer.Encode(frames, zoom, Path.Combine(work.Folder, file), work.Cancel);
        frames.Delete();
        return file;
    }
}
