using SkiaSharp;

namespace DeepDream.Imaging;

/// <summary>Turns a decoded bitmap upright according to its EXIF orientation.</summary>
static class Orientation
{
    /// <summary>The bitmap upright: a new one, or the same one if it already is.</summary>
    public static SKBitmap Apply(SKBitmap bitmap, SKEncodedOrigin origin)
    {
        if (origin == SKEncodedOrigin.TopLeft) return bitmap;
        var (w, h) = Swaps(origin) ? (bitmap.Height, bitmap.Width) : (bitmap.Width, bitmap.Height);
        var result = new SKBitmap(new SKImageInfo(w, h, bitmap.ColorType, bitmap.AlphaType));
        using var canvas = new SKCanvas(result);
        canvas.SetMatrix(Matrix(origin, bitmap.Width, bitmap.Height));
        canvas.DrawBitmap(bitmap, 0, 0, SKSamplingOptions.Default);
        return result;
    }

    /// <summary>Whether turning it upright swaps its width and height (a quarter turn).</summary>
    public static bool Swaps(SKEncodedOrigin origin) =>
        origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;

    /// <summary>Maps stored pixel coordinates to upright ones (EXIF orientations 2 to 8).</summary>
    static SKMatrix Matrix(SKEncodedOrigin origin, int w, int h) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
        _ => SKMatrix.Identity,
    };
}
