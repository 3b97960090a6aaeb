using DeepDream.Imaging;

namespace DeepDream.Video;

/// <summary>Where a frame's dream starts, and how many steps it dreams per octave.</summary>
internal sealed record FrameStart(RgbImage Image, int Iterations);

/// <summary>
/// What one kind of video adds to the frame loop: the step from one frame to the next (zoom into the
/// previous dream; or carry it along a clip's motion). Everything else — the frame store, resume,
/// per-frame seeds, colour lock, progress — is <see cref="FrameRenderer"/>'s.
/// </summary>
internal interface IFrameStep
{
    /// <summary>The video's frames; a step whose input ends early lowers it when it finds out (<see cref="Start"/> gives null).</summary>
    int Frames { get; }

    /// <summary>What decides the frames besides the dream options (the input's identity included), kept in the manifest that --resume checks.</summary>
    object Settings { get; }

    /// <summary>Where frame <paramref name="frame"/> (1-based) starts; null if the input has ended before it, and the video with it.</summary>
    /// <param name="previous">The finished frame before it (stored or just dreamed); null for the first.</param>
    FrameStart? Start(int frame, RgbImage? previous);

    /// <summary>Told of every finished frame, in order, whether dreamed now or found in the store.</summary>
    void Finished(int frame, RgbImage image) { }
}
