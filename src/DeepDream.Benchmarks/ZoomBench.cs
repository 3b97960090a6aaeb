using DeepDream.Dreaming;
using DeepDream.Models;
using DeepDream.Runtime;
using DeepDream.Video;

namespace DeepDream.Benchmarks;

/// <summary>A zoom video's frames (resnet18 defaults, 512x512): seconds per frame beside the frame's FLOP bound.</summary>
public sealed record ZoomBench(int Size, FrameBound Frame)
{
    const int Side = 512;

    /// <param name="peakFlops">The machine's measured peak, FLOP/s.</param>
    public static ZoomBench Measure(string folder, double peakFlops)
    {
        var options = new ZoomOptions { DreamSteps = 1, ZoomSteps = 2, Dream = new DreamOptions { Seed = 1 } };
        using var sessions = new SessionCache();
        // A first frame builds the sessions, as the first frame of a long zoom does; the frames after it are timed.
        ZoomRenderer.Render(Benchmark.Photo(Side, Side), options with { ZoomSteps = 0 }, null, new FrameStore(Path.Combine(folder, "warm.frames")), resume: false, sessions);
        var seconds = ZoomRenderer.Render(Benchmark.Photo(Side, Side), options, null, new FrameStore(Path.Combine(folder, "zoom.frames")), resume: false, sessions).Seconds / options.DreamedFrames;
        // Every frame, dreaming or zooming, is a whole dream of the frame's size.
        var model = ModelCatalog.Load(options.Dream.Model);
        var bound = DreamFlops.Dream(model, model.DefaultLayer, options.Dream, Side, Side) / peakFlops;
        return new ZoomBench(Side, new FrameBound(seconds, bound));
    }
}
