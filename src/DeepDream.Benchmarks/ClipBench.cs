using DeepDream.Dreaming;
using DeepDream.Imaging;
using DeepDream.Models;
using DeepDream.Runtime;
using DeepDream.Video;
using DeepDream.Video.Clips;

namespace DeepDream.Benchmarks;

/// <summary>A clip dream's speed and steadiness: s/frame beside its FLOP bound, the share of it spent on optical flow, and the flicker with and without flow.</summary>
/// <param name="Frame">Seconds per frame (optical flow included) beside the frames' gradient FLOPs at peak, per frame.</param>
public sealed record ClipBench(int Width, int Height, int Frames, FrameBound Frame, double FlowShare, double FlickerWithFlow, double FlickerWithoutFlow)
{
    const int Length = 10;

    /// <summary>Dreams a 512x384 camera pan over a photo (rocket.jpg, 640x427) with the video command's defaults, then again without flow.</summary>
    /// <param name="peakFlops">The machine's measured peak, FLOP/s.</param>
    /// <returns>Null without ffmpeg.</returns>
    public static ClipBench? Measure(string folder, double peakFlops)
    {
        if (VideoEncoder.FindFfmpeg() is null) return null;
        var photoPath = Path.Combine(folder, "rocket.jpg");
        using (var resource = typeof(ClipBench).Assembly.GetManifestResourceStream("rocket.jpg")!)
        using (var file = File.Create(photoPath)) resource.CopyTo(file);
        var photo = ImageFile.Read(photoPath);
        var pan = Path.Combine(folder, "pan.mp4");
        VideoEncoder.Encode(Enumerable.Range(0, Length).Select(t => photo.Crop(10 + 10 * t, 5 + 3 * t, 512, 384)), pan, new FrameRate(25, 1));
        var clip = VideoProbe.Probe(pan);
        using var sessions = new SessionCache();
        ClipDream Dream(FlowMode flow)
        {
            var store = new FrameStore(Path.Combine(folder, $"pan-{flow}.frames"));
            var options = new VideoOptions { Flow = flow, Dream = new VideoOptions().Dream with { Seed = 1 } };
            var result = ClipRenderer.Render(clip, options, store, resume: false, sessions);
            store.Delete();
            return result;
        }
        // The first run builds the sessions; the timed one finds them built, as every frame of a long clip does.
        var without = Dream(FlowMode.None);
        var withFlow = Dream(FlowMode.Farneback);
        var frame = new FrameBound(withFlow.Seconds / withFlow.Frames, GradientFlops(withFlow, new VideoOptions()) / peakFlops / withFlow.Frames);
        return new ClipBench(withFlow.Width, withFlow.Height, withFlow.Frames, frame, withFlow.FlowSeconds / withFlow.Seconds,
            withFlow.FlickerRatio, without.FlickerRatio);
    }

    /// <summary>The clip's gradient FLOPs: full dreams on the first frame and after each cut, the carried frames' fewer iterations.</summary>
    static double GradientFlops(ClipDream clip, VideoOptions options)
    {
        var model = ModelCatalog.Load(options.Dream.Model);
        var step = DreamFlops.PerIteration(model, model.DefaultLayer, options.Dream, clip.Width, clip.Height);
        var fresh = 1 + clip.SceneCuts.Count;
        return step * (fresh * options.FirstIterations + (clip.Frames - fresh) * options.Dream.Iterations);
    }
}
