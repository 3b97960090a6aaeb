using DeepDream.Imaging;

namespace DeepDream.Video.Clips;

/// <summary>
/// What a clip may cost to look at, checked from its headers before a frame is decoded: the pixels of one frame
/// (a header may declare 16000x16000, and every decoded frame would then be a gigabyte), and how long ffprobe may
/// take to describe it before it is stopped.
/// </summary>
/// <param name="MaxPixels">The most pixels a frame may have; the decoder is held to it too, so a stream whose frames grow beyond what its header declared cannot get past it.</param>
/// <param name="ProbeTime">How long one ffprobe run may take.</param>
public sealed record ClipLimits(long MaxPixels, TimeSpan ProbeTime)
{
    /// <summary>A user's own clip on their own machine: frames as large as photos may be (8K video is 33 megapixels), a minute to describe a long file.</summary>
    public static readonly ClipLimits CommandLine = new(ImageFile.MaxPixels, TimeSpan.FromMinutes(1));
}
