using DeepDream.Imaging;

namespace DeepDream.Visualization.Transforms;

/// <summary>
/// A scale or rotation about the image centre on the same canvas: each output pixel p samples the input
/// bilinearly at centre + A·(p − centre), coordinates clamped to the edge. The gradient goes back through
/// the same taps (a scatter), the exact adjoint of the gather.
/// </summary>
sealed class AffineResample : TransformStep
{
    // Per output pixel: the input index of the top-left of its 2 × 2 taps, and the weights of the right and lower ones.
    readonly int[] corner;
    readonly float[] fx, fy;

    /// <param name="a">The 2 × 2 map from output to input offsets, row-major: (a00, a01, a10, a11).</param>
    public AffineResample(int width, int height, (double A00, double A01, double A10, double A11) a) : base(width, height)
    {
        corner = new int[width * height];
        (fx, fy) = (new float[corner.Length], new float[corner.Length]);
        var (cx, cy) = ((width - 1) / 2.0, (height - 1) / 2.0);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var (x0, wx) = Tap(cx + a.A00 * (x - cx) + a.A01 * (y - cy), width);
                var (y0, wy) = Tap(cy + a.A10 * (x - cx) + a.A11 * (y - cy), height);
                var p = y * width + x;
                (corner[p], fx[p], fy[p]) = (y0 * width + x0, wx, wy);
            }
    }

    /// <summary>The lower of the two neighbours of a clamped coordinate (never the last, so the upper exists) and the upper one's weight.</summary>
    static (int, float) Tap(double u, int n)
    {
        u = Math.Clamp(u, 0, n - 1);
        var low = Math.Min((int)u, n - 2);
        return (low, (float)(u - low));
    }

    public override RgbImage Apply(RgbImage image)
    {
        var result = new RgbImage(Width, Height);
        var plane = Width * Height;
        for (var c = 0; c < 3; c++)
        {
            var source = image.Pixels.AsSpan(c * plane, plane);
            var target = result.Pixels.AsSpan(c * plane, plane);
            for (var p = 0; p < plane; p++)
            {
                var i = corner[p];
                var top = source[i] + (source[i + 1] - source[i]) * fx[p];
                var bottom = source[i + Width] + (source[i + Width + 1] - source[i + Width]) * fx[p];
                target[p] = top + (bottom - top) * fy[p];
            }
        }
        return result;
    }

    public override RgbImage Pullback(RgbImage gradient)
    {
        var result = new RgbImage(Width, Height);
        var plane = Width * Height;
        for (var c = 0; c < 3; c++)
        {
            var source = gradient.Pixels.AsSpan(c * plane, plane);
            var target = result.Pixels.AsSpan(c * plane, plane);
            for (var p = 0; p < plane; p++)
            {
                var i = corner[p];
                var (top, bottom) = (source[p] * (1 - fy[p]), source[p] * fy[p]);
                target[i] += top * (1 - fx[p]);
                target[i + 1] += top * fx[p];
                target[i + Width] += bottom * (1 - fx[p]);
                target[i + Width + 1] += bottom * fx[p];
            }
        }
        return result;
    }
}
