using DeepDream.Imaging;

namespace DeepDream.Video;

/// <summary>
/// The video's frames in order: the dreamed frames, with N interpolated frames between each two.
/// Between zooming frames the interpolation zooms too: the earlier frame zoomed part of the way,
/// cross-faded with the later frame zoomed back by the rest.
/// </summary>
internal static class FrameSequence
{
    public static IEnumerable<RgbImage> Frames(FrameStore store, ZoomOptions options)
    {
        RgbImage? previous = null;
        for (var frame = 1; frame <= options.DreamedFrames; frame++)
        {
            var current = store.Load(frame);
            if (previous is not null)
                for (var b = 1; b <= options.Blend; b++)
                    yield return Between(previous, current, b / (options.Blend + 1.0), zooms: frame > options.DreamSteps, options);
            yield return current;
            previous = current;
        }
    }

    static RgbImage Between(RgbImage a, RgbImage b, double t, bool zooms, ZoomOptions options)
    {
        if (!zooms) return RgbImage.Mix(a, b, (float)t);
        var from = Warp.ZoomRotate(a, Math.Pow(options.Zoom, t), options.Rotate * t);
        var to = Warp.ZoomRotate(b, Math.Pow(options.Zoom, t - 1), options.Rotate * (t - 1));
        return RgbImage.Mix(from, to, (float)t);
    }
}
