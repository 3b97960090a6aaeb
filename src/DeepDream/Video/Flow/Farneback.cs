using DeepDream.Imaging;
using OpenCvSharp;

namespace DeepDream.Video.Flow;

/// <summary>Dense optical flow by Farnebäck's method (OpenCV), on the frames' grey levels.</summary>
public static class Farneback
{
    /// <summary>The flow that finds each pixel of <paramref name="from"/> in <paramref name="to"/>: from(p) ≈ to(p + flow(p)).</summary>
    public static FlowField Between(RgbImage from, RgbImage to)
    {
        using var a = Grey(from);
        using var b = Grey(to);
        using var flow = new Mat();
        // OpenCV's usual settings, with five pyramid levels so that a camera move of tens of pixels is still followed.
        Cv2.CalcOpticalFlowFarneback(a, b, flow, pyrScale: 0.5, levels: 5, winsize: 15, iterations: 3, polyN: 5, polySigma: 1.2, flags: 0);
        flow.GetArray(out Vec2f[] vectors);
        var (dx, dy) = (new float[from.PlaneSize], new float[from.PlaneSize]);
        for (var i = 0; i < vectors.Length; i++) (dx[i], dy[i]) = (vectors[i].Item0, vectors[i].Item1);
        return new FlowField(from.Width, from.Height, dx, dy);
    }

    static Mat Grey(RgbImage image)
    {
        var n = image.PlaneSize;
        var grey = new byte[n];
        for (var i = 0; i < n; i++)
            grey[i] = (byte)Math.Clamp(MathF.Round(0.299f * image.Pixels[i] + 0.587f * image.Pixels[n + i] + 0.114f * image.Pixels[2 * n + i]), 0, 255);
        return Mat.FromPixelData(image.Height, image.Width, MatType.CV_8UC1, grey).Clone();
    }
}
