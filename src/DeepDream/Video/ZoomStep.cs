using System.Security.Cryptography;
using System.Runtime.InteropServices;
using DeepDream.Imaging;

namespace DeepDream.Video;

/// <summary>
/// The DeepDream video notebook's step: each dreaming step dreams one more round on the previous
/// frame; each zooming step zooms into the previous frame (and turns it), then dreams.
/// </summary>
internal sealed class ZoomStep(ZoomOptions options, RgbImage input) : IFrameStep
{
    readonly RgbImage first = input.Clone().Quantize();

    public int Frames => options.DreamedFrames;

    public object Settings => new
    {
        input = Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(first.Pixels.AsSpan()))),
        first.Width, first.Height, options.DreamSteps, options.ZoomSteps, options.Zoom, options.Rotate,
    };

    public FrameStart Start(int frame, RgbImage? previous)
    {
        var source = previous ?? first;
        return new(frame <= options.DreamSteps ? source : Warp.ZoomRotate(source, options.Zoom, options.Rotate), options.Dream.Iterations);
    }
}
