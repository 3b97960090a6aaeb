using DeepDream.Requests;
using DeepDream.Video;

namespace DeepDream.Web.Jobs;

/// <summary>
/// A user's clip dreamed frame by frame along its motion, at the studio's size, keeping its frame count, frame
/// rate and sound: its progress frame by frame, resumed from its stored frames after a restart.
/// </summary>
public sealed class ClipJobHandler(ClipInput clips, GuideInput guides, StudioOptions studio) : DreamingJobHandler<ClipRequest>(ClipKind, "videos",
    "Queue a dream of a video clip: multipart with file field 'video' (or 'from', an earlier video job's id) and the option fields",
    clips.Upload, guides, new(r => r.Video.Dream, (r, dream) => r with { Video = r.Video with { Dream = dream } }, (r, clip) => r with { Clip = clip }))
{
    public static readonly JobKind ClipKind = new("Video");

    // Kept with the job, so that a restart resumes at the size the job began with.
    protected override ClipRequest Complete(ClipRequest request) => request with { Video = request.Video with { MaxSize = studio.MaxImageSize } };

    protected override Task<InputFile> SaveSubjectAsync(OptionFields form, ClipRequest request, string folder, EarlierJobs earlier, CancellationToken cancel) =>
        clips.SaveAsync(form, request.Video, folder, earlier, cancel);

    protected override ClipRequest Legacy(LegacyOptions stored) => new() { Video = stored.Video! with { Dream = stored.Dream! }, Format = stored.Format! };

    public override string Run(JobWork<ClipRequest> work)
    {
        var video = work.Request.Video with { Dream = Dream(work) };
        var clip = ClipInput.Open(work.Folder, video, work.Cancel);
        var frames = new FrameStore(Path.Combine(work.Folder, "frames"), startOverIfChanged: true);
        var result = ClipRenderer.Render(clip, video, frames, resume: true, work.Sessions, work.Frames(), work.Cancel);
        var file = $"result.{work.Request.Format}";
        VideoEncoder.Encode(frames.PathOf, result.Frames, result.Input.Rate, Path.Combine(work.Folder, file), result.Input, result.AudioStartSeconds, work.Cancel);
        frames.Delete();
        return file;
    }
}
