using DeepDream.Imaging;

namespace DeepDream.Visualization;

/// <summary>
/// The TensorFlow notebook's Laplacian pyramid, per colour channel: lo = conv(img, k5x5, stride 2, SAME),
/// hi = img − conv_transpose(lo, 4·k5x5), k5x5 = outer([1,4,6,4,1])/256. The kernel is separable, so
/// each 2-D filter runs as a pass along the rows and one along the columns.
/// </summary>
internal static class LaplacianPyramid
{
    // [1,4,6,4,1]/16: one axis of k5x5; conv_transpose uses 4·k5x5, twice this per axis.
    static readonly float[] Kernel = [1 / 16f, 4 / 16f, 6 / 16f, 4 / 16f, 1 / 16f];

    /// <summary>One level: the half-size low-pass image and the full-size detail that merging adds back.</summary>
    public static (RgbImage Lo, RgbImage Hi) Split(RgbImage image)
    {
        var lo = Down(image);
        var hi = image.Clone();
        var lo2 = Up(lo, image.Width, image.Height);
        for (var i = 0; i < hi.Pixels.Length; i++) hi.Pixels[i] -= lo2.Pixels[i];
        return (lo, hi);
    }

    /// <summary>n detail levels and the last low-pass image, coarsest first (lap_split_n).</summary>
    public static List<RgbImage> Split(RgbImage image, int levels)
    {
        var result = new List<RgbImage>();
        for (var i = 0; i < levels; i++)
        {
            (image, var hi) = Split(image);
            result.Add(hi);
        }
        result.Add(image);
        result.Reverse();
        return result;
    }

    /// <summary>Rebuilds the image from its levels, coarsest first (lap_merge).</summary>
    public static RgbImage Merge(IReadOnlyList<RgbImage> levels)
    {
        var image = levels[0];
        foreach (var hi in levels.Skip(1))
        {
            image = Up(image, hi.Width, hi.Height);
            for (var i = 0; i < hi.Pixels.Length; i++) image.Pixels[i] += hi.Pixels[i];
        }
        return image;
    }

    /// <summary>The notebook's lap_normalize: every level divided by its own root mean square, then merged.</summary>
    public static RgbImage Normalize(RgbImage image, int levels) =>
        Merge(Split(image, levels).Select(DivideByRms).ToList());

    static RgbImage DivideByRms(RgbImage level)
    {
        var rms = Math.Sqrt(level.Pixels.Sum(v => (double)v * v) / level.Pixels.Length);
        var scale = (float)(1 / Math.Max(rms, 1e-10));
        for (var i = 0; i < level.Pixels.Length; i++) level.Pixels[i] *= scale;
        return level;
    }

    /// <summary>conv2d with k5x5, stride 2, SAME padding: ceil(n/2) outputs.</summary>
    static RgbImage Down(RgbImage image) => Separable(image, (image.Width + 1) / 2, (image.Height + 1) / 2, Down1);

    /// <summary>conv2d_transpose with 4·k5x5, stride 2, SAME, back to width × height: the adjoint of <see cref="Down"/>, times 4.</summary>
    static RgbImage Up(RgbImage image, int width, int height) => Separable(image, width, height, Up1);

    delegate void Pass(ReadOnlySpan<float> input, int inputs, Span<float> output, int outputs, int stride);

    /// <summary>A 2-D filter with a separable kernel: the 1-D pass along every row, then along every column.</summary>
    static RgbImage Separable(RgbImage image, int width, int height, Pass pass)
    {
        var rows = new RgbImage(width, image.Height);
        for (var line = 0; line < 3 * image.Height; line++)
            pass(image.Pixels.AsSpan(line * image.Width), image.Width, rows.Pixels.AsSpan(line * width), width, 1);
        var result = new RgbImage(width, height);
        for (var c = 0; c < 3; c++)
            for (var x = 0; x < width; x++)
                pass(rows.Pixels.AsSpan(c * image.Height * width + x), image.Height, result.Pixels.AsSpan(c * height * width + x), height, width);
        return result;
    }

    /// <summary>TensorFlow's SAME padding before the first of n inputs for a 5-tap, stride-2 window (the extra pad goes after).</summary>
    static int PadBefore(int n) => Math.Max(((n + 1) / 2 - 1) * 2 + Kernel.Length - n, 0) / 2;

    /// <summary>Along one axis: output[o] = Σ k[j] · input[2o − pad + j], zeros outside; elements are <paramref name="stride"/> apart.</summary>
    static void Down1(ReadOnlySpan<float> input, int n, Span<float> output, int outputs, int stride)
    {
        var pad = PadBefore(n);
        for (var o = 0; o < outputs; o++)
        {
            var sum = 0f;
            for (var j = 0; j < Kernel.Length; j++)
                if (2 * o - pad + j is var i && i >= 0 && i < n) sum += Kernel[j] * input[i * stride];
            output[o * stride] = sum;
        }
    }

    /// <summary>The transpose of <see cref="Down1"/> with twice the kernel (the 4 of 4·k5x5, per axis); adds into a zeroed output.</summary>
    static void Up1(ReadOnlySpan<float> input, int inputs, Span<float> output, int n, int stride)
    {
        var pad = PadBefore(n);
        for (var o = 0; o < inputs; o++)
            for (var j = 0; j < Kernel.Length; j++)
                if (2 * o - pad + j is var i && i >= 0 && i < n) output[i * stride] += 2 * Kernel[j] * input[o * stride];
    }
}
