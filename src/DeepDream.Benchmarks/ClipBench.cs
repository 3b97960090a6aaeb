using DeepDream.Dreaming;
using DeepDream.Imaging;
using DeepDream.Runtime;
using DeepDream.Video;

namespace DeepDream.Benchmarks;

/// <summary>A clip dream's speed and steadiness: s/frame, the share of it spent on optical flow, and the flicker with and without flow.</summary>
public sealed record ClipBench(int Width, int Height, int Frames, double SecondsPerFrame, double FlowShare, double FlickerWithFlow, double FlickerWithoutFlow)
{
    const int Length = 10;

    /// <summary>Dreams a 512x384 camera pan over a photo (rocket.jpg, 640x427) with the video command's defaults, then again without flow.</summary>
    /// <returns>Null without ffmpeg.</returns>
    public static ClipBench? Measure(string folder)
    {
        if (VideoEncoder.FindFfmpeg() is null) return null;
        var photoPath = Path.Combine(folder, "rocket.jpg");
        using (var resource = typeof(ClipBench).Assembly.GetManifestResourceStream("rocket.jpg")!)
        using (var file = File.Create(photoPath)) resource.CopyTo(file);
        var photo = ImageFile.Read(photoPath);
        var clip = Path.Combine(folder, "pan.mp4");
        VideoEncoder.Encode(Enumerable.Range(0, Length).Select(t => photo.Crop(10 + 10 * t, 5 + 3 * t, 512, 384)), clip, 25);
        using var sessions = new SessionCache();
        ClipDream Dream(FlowMode flow)
        {
            var store = new FrameStore(Path.Combine(folder, $"pan-{flow}.frames"));
            var options = new VideoOptions { Flow = flow, Dream = new VideoOptions().Dream with { Seed = 1 } };
            var result = ClipRenderer.Render(clip, options, store, resume: false, sessions);
            store.Delete();
            return result;
        }
        var withFlow = Dream(FlowMode.Farneback);
        var without = Dream(FlowMode.None);
        return new ClipBench(withFlow.Width, withFlow.Height, withFlow.Frames, withFlow.Seconds / withFlow.Frames, withFlow.FlowSeconds / withFlow.Seconds,
            withFlow.FlickerRatio, without.FlickerRatio);
    }
}
