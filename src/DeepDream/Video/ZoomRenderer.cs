using System.Diagnostics;
using DeepDream.Imaging;
using DeepDream.Runtime;
using DeepDream.Video.Clips;

namespace DeepDream.Video;

/// <summary>What a zoom made.</summary>
/// <param name="Width">The frames' size: the photo's, fitted to the video format.</param>
public sealed record ZoomDream(int Frames, int DreamedFrames, int Width, int Height, int Seed, double Seconds);

/// <summary>
/// The DeepDream video notebook's zoom from a photo: its first frame fitted to the video format, stepped by
/// <see cref="ZoomStep"/>, looped by <see cref="FrameRenderer"/>; then the stored frames, with their blends, encoded
/// or written out. The command line and the studio make zooms through it alike.
/// </summary>
public static class ZoomRenderer
{
    /// <param name="format">The video's extension (".mp4"), which may need even sides; null for numbered PNGs.</param>
    public static ZoomDream Render(RgbImage photo, ZoomOptions options, string? format, FrameStore store, bool resume, SessionCache sessions,
        IProgress<FrameProgress>? progress = null, CancellationToken cancel = default)
    {
        var first = format is null ? photo : VideoEncoder.FitFrame(photo, format);
        var clock = Stopwatch.StartNew();
        var seed = new FrameRenderer(options.Dream, options.Layers, options.ColorLock, sessions).Render(new ZoomStep(options, first), store, resume, progress, cancel);
        return new ZoomDream(options.TotalFrames, options.DreamedFrames, first.Width, first.Height, seed, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The stored frames, blends between them, as a video file (<see cref="VideoEncoder"/>).</summary>
    public static void Encode(FrameStore store, ZoomOptions options, string output, CancellationToken cancel = default) =>
        VideoEncoder.Encode(FrameSequence.Frames(store, options), output, new FrameRate(options.Fps, 1), cancel);

    /// <summary>The stored frames, blends between them, as numbered PNGs (frame-00001.png, …) in a folder.</summary>
    public static void WriteFrames(FrameStore store, ZoomOptions options, string folder)
    {
        Directory.CreateDirectory(folder);
        var index = 0;
        foreach (var frame in FrameSequence.Frames(store, options))
            ImageFile.Write(frame, Path.Combine(folder, $"frame-{++index:D5}.png"));
    }
}
