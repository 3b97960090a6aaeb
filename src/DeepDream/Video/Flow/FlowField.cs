using DeepDream.Imaging;

namespace DeepDream.Video.Flow;

/// <summary>
/// Per-pixel motion between two frames, in pixels: the content at p in one frame is found at
/// p + (Dx, Dy) in the other. Which frame is which is the producer's to say.
/// </summary>
public sealed class FlowField(int width, int height, float[] dx, float[] dy)
{
    /// <summary>The width of the frames, in pixels.</summary>
    public int Width { get; } = width;
    /// <summary>The height of the frames, in pixels.</summary>
    public int Height { get; } = height;
    /// <summary>Each pixel's horizontal motion in pixels (positive: rightward), row by row: pixel (x, y) at y·<see cref="Width"/> + x.</summary>
    public float[] Dx { get; } = dx;
    /// <summary>Each pixel's vertical motion in pixels (positive: downward), laid out as <see cref="Dx"/>.</summary>
    public float[] Dy { get; } = dy;

    /// <summary>
    /// Pulls an image along the flow: result(p) = source(p + flow(p)), bilinear, edges repeated.
    /// With the backward flow of frame t this carries frame t−1's content to where it is in frame t.
    /// </summary>
    public RgbImage Pull(RgbImage source)
    {
        var result = new RgbImage(Width, Height);
        Parallel.For(0, Height, y =>
        {
            for (var x = 0; x < Width; x++)
            {
                var i = y * Width + x;
                var (x0, y0, fx, fy) = Corner(x + Dx[i], y + Dy[i]);
                var (x1, y1) = (Math.Min(x0 + 1, Width - 1), Math.Min(y0 + 1, Height - 1));
                for (var c = 0; c < 3; c++)
                {
                    var plane = source.Pixels.AsSpan(c * Width * Height);
                    var top = plane[y0 * Width + x0] * (1 - fx) + plane[y0 * Width + x1] * fx;
                    var bottom = plane[y1 * Width + x0] * (1 - fx) + plane[y1 * Width + x1] * fx;
                    result.Pixels[c * Width * Height + i] = top * (1 - fy) + bottom * fy;
                }
            }
        });
        return result;
    }

    /// <summary>This flow's vector at a sub-pixel position, bilinear.</summary>
    public (float Dx, float Dy) At(float x, float y)
    {
        var (x0, y0, fx, fy) = Corner(x, y);
        var (x1, y1) = (Math.Min(x0 + 1, Width - 1), Math.Min(y0 + 1, Height - 1));
        float Lerp(float[] f) =>
            (f[y0 * Width + x0] * (1 - fx) + f[y0 * Width + x1] * fx) * (1 - fy) + (f[y1 * Width + x0] * (1 - fx) + f[y1 * Width + x1] * fx) * fy;
        return (Lerp(Dx), Lerp(Dy));
    }

    (int X0, int Y0, float Fx, float Fy) Corner(float x, float y)
    {
        x = Math.Clamp(x, 0, Width - 1);
        y = Math.Clamp(y, 0, Height - 1);
        var (x0, y0) = ((int)x, (int)y);
        return (x0, y0, x - x0, y - y0);
    }
}
