using DeepDream.Dreaming;
using DeepDream.Video;
using Microsoft.AspNetCore.Http;

namespace DeepDream.Web.Jobs;

/// <summary>A zoom video from a photo, as the notebook makes it: its progress frame by frame, resumed from its stored frames after a restart.</summary>
public sealed class ZoomJobHandler(ImageInput images) : IJobHandler
{
    public JobKind Kind => JobKind.Zoom;

    public string Route => "zooms";

    public string Summary => "Queue a zoom video: like /dreams, plus dreamSteps, zoomSteps, zoom, rotate, fps, blend, format";

    public Upload Upload => images.Upload;

    public JobOptions ReadOptions(OptionFields form)
    {
        var defaults = new ZoomOptions();
        var zoom = new ZoomOptions
        {
            Dream = JobOptions.ReadDream(form, defaults.Dream),
            DreamSteps = form.Int(nameof(ZoomOptions.DreamSteps)) ?? defaults.DreamSteps,
            ZoomSteps = form.Int(nameof(ZoomOptions.ZoomSteps)) ?? defaults.ZoomSteps,
            Zoom = form.Double(nameof(ZoomOptions.Zoom)) ?? defaults.Zoom,
            Rotate = form.Double(nameof(ZoomOptions.Rotate)) ?? defaults.Rotate,
            Fps = form.Int(nameof(ZoomOptions.Fps)) ?? defaults.Fps,
            Blend = form.Int(nameof(ZoomOptions.Blend)) ?? defaults.Blend,
        };
        zoom.Validate();
        StudioCaps.Check(zoom);
        return new JobOptions(zoom.Dream, zoom, StudioCaps.VideoFormat(form.Text(nameof(JobOptions.Format))));
    }

    public Task SaveInputAsync(IFormCollection form, JobOptions options, string folder, EarlierJobs earlier, CancellationToken cancel) => images.SaveAsync(form, folder, earlier, cancel);

    public string Run(JobWork work)
    {
        var zoom = work.Options.Zoom! with { Dream = work.Dream };
        var format = work.Options.Format!;
        if (VideoEncoder.FindFfmpeg() is null) throw new DeepDreamException("ffmpeg is not installed on the server (sudo apt-get install ffmpeg)");
        var frames = new FrameStore(Path.Combine(work.Folder, "frames"));
        var file = $"result.{format}";
        ZoomRenderer.Render(ImageInput.Read(work.Folder), zoom, Path.GetExtension(file), frames, resume: true, work.Sessions, work.Frames(), work.Cancel);
        ZoomRenderer.Encode(frames, zoom, Path.Combine(work.Folder, file), work.Cancel);
        frames.Delete();
        return file;
    }
}
