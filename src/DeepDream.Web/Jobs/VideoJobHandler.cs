using DeepDream.Video;
using DeepDream.Video.Clips;
using Microsoft.AspNetCore.Http;

namespace DeepDream.Web.Jobs;

/// <summary>
/// A user's clip dreamed frame by frame along its motion, at the studio's size, keeping its frame count, frame
/// rate and sound: its progress frame by frame, resumed from its stored frames after a restart.
/// </summary>
public sealed class VideoJobHandler(ClipInput clips, StudioOptions studio) : IJobHandler
{
    public JobKind Kind => JobKind.Video;

    public string Route => "videos";

    public string Summary => "Queue a dream of a video clip: multipart with file field 'video' (or 'from', an earlier video job's id) and the dream's "
        + "option fields, plus firstIterations, flow (farneback|none), persistence, start, end, format";

    public Upload Upload => clips.Upload;

    public JobOptions ReadOptions(OptionFields form)
    {
        var defaults = new VideoOptions();
        var video = new VideoOptions
        {
            Dream = JobOptions.ReadDream(form, defaults.Dream),
            FirstIterations = form.Int(nameof(VideoOptions.FirstIterations)) ?? defaults.FirstIterations,
            Flow = form.Choice<FlowMode>(nameof(VideoOptions.Flow)) ?? defaults.Flow,
            Persistence = form.Double(nameof(VideoOptions.Persistence)) ?? defaults.Persistence,
            Start = form.Int(nameof(VideoOptions.Start)) ?? defaults.Start,
            End = form.Int(nameof(VideoOptions.End)),
            // Kept with the job, so that a restart resumes at the size the job began with.
            MaxSize = studio.MaxImageSize,
        };
        video.Validate();
        StudioCaps.Check(video);
        return new JobOptions(video.Dream, null, StudioCaps.VideoFormat(form.Text(nameof(JobOptions.Format))), video);
    }

    public Task SaveInputAsync(IFormCollection form, JobOptions options, string folder, EarlierJobs earlier, CancellationToken cancel) =>
        clips.SaveAsync(form, options.Video!, folder, earlier, cancel);

    public string Run(JobWork work)
    {
        var video = work.Options.Video! with { Dream = work.Dream };
        var clip = ClipInput.Open(work.Folder, video, work.Cancel);
        var frames = new FrameStore(Path.Combine(work.Folder, "frames"));
        var result = ClipRenderer.Render(clip, video, frames, resume: true, work.Sessions, work.Frames(), work.Cancel);
        var file = $"result.{work.Options.Format}";
        VideoEncoder.Encode(frames.PathOf, result.Frames, result.Input.Rate, Path.Combine(work.Folder, file), result.Input, result.AudioStartSeconds, work.Cancel);
        frames.Delete();
        return file;
    }
}
