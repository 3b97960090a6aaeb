namespace DeepDream.Imaging;

/// <summary>Bilinear resampling of float planes: the octave pyramid and zooms change size by small factors only.</summary>
static class Resampling
{
    public static RgbImage Resize(RgbImage source, int width, int height)
    {
        if (width < 1 || height < 1) throw new ArgumentOutOfRangeException(nameof(width), "an image needs at least one pixel");
        var target = new RgbImage(width, height);
        var xs = Taps(source.Width, width);
        var ys = Taps(source.Height, height);
        Parallel.For(0, 3 * height, row =>
        {
            var (c, y) = Math.DivRem(row, height);
            var (y0, y1, wy) = ys[y];
            var top = source.Pixels.AsSpan((c * source.Height + y0) * source.Width, source.Width);
            var bottom = source.Pixels.AsSpan((c * source.Height + y1) * source.Width, source.Width);
            var output = target.Pixels.AsSpan(row * width, width);
            for (var x = 0; x < width; x++)
            {
                var (x0, x1, wx) = xs[x];
                var upper = top[x0] + (top[x1] - top[x0]) * wx;
                var lower = bottom[x0] + (bottom[x1] - bottom[x0]) * wx;
                output[x] = upper + (lower - upper) * wy;
            }
        });
        return target;
    }

    /// <summary>For each output index: the two source indices and the weight of the second, aligning pixel centres.</summary>
    static (int, int, float)[] Taps(int from, int to)
    {
        var taps = new (int, int, float)[to];
        var scale = (double)from / to;
        for (var i = 0; i < to; i++)
        {
            var position = Math.Clamp((i + 0.5) * scale - 0.5, 0, from - 1);
            var low = (int)Math.Floor(position);
            var high = Math.Min(low + 1, from - 1);
            taps[i] = (low, high, (float)(position - low));
        }
        return taps;
    }
}
