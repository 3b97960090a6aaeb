using DeepDream.Imaging;

namespace DeepDream.Visualization;

/// <summary>
/// Lucid's image parameterization (param.image with fft and decorrelate): a complex half spectrum per
/// decorrelated channel, scaled so every frequency band starts with equal energy,
/// image = 255·sigmoid(M · irfft2(scale·spectrum)/4), with M the <see cref="ColorDecorrelation"/> matrix.
/// Steps on the spectrum move all frequencies alike, so low frequencies are not drowned in pixel noise.
/// </summary>
internal sealed class FourierParameterization
{
    /// <summary>Lucid's standard deviation of the initial spectrum.</summary>
    public const double InitialDeviation = 0.01;

    readonly InverseRealDft dft;
    readonly float[] scale;
    RgbImage? rendered;

    /// <param name="random">Draws the initial spectrum, N(0, <see cref="InitialDeviation"/>²) per real and imaginary part.</param>
    public FourierParameterization(int width, int height, Random random)
    {
        (Width, Height) = (width, height);
        dft = new InverseRealDft(height, width);
        scale = FrequencyScale(width, height);
        Spectrum = new float[2 * 3 * height * dft.Bins];
        for (var i = 0; i < Spectrum.Length; i++) Spectrum[i] = (float)(InitialDeviation * Gaussian(random));
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>The parameters: real parts of the 3 channels' H × (W/2+1) bins, then the imaginary parts (Lucid's order).</summary>
    public float[] Spectrum { get; }

    /// <summary>
    /// Per bin (H × (W/2+1), row-major): 1/max(f, 1/max(w, h)) · √(w·h), f the bin's frequency in cycles
    /// per pixel, √(f_x² + f_y²) with numpy's fftfreq.
    /// </summary>
    public static float[] FrequencyScale(int width, int height)
    {
        var bins = width / 2 + 1;
        var scale = new float[height * bins];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < bins; x++)
            {
                var fy = (double)(y <= (height - 1) / 2 ? y : y - height) / height;
                var fx = (double)x / width;
                var frequency = Math.Sqrt(fx * fx + fy * fy);
                scale[y * bins + x] = (float)(Math.Sqrt((double)width * height) / Math.Max(frequency, 1.0 / Math.Max(width, height)));
            }
        return scale;
    }

    /// <summary>The image the spectrum stands for, 0..255.</summary>
    public RgbImage Render()
    {
        var plane = Height * Width;
        var bins = Height * dft.Bins;
        var spatial = new float[3 * plane];
        Parallel.For(0, 3, c =>
        {
            var (re, im) = (new float[bins], new float[bins]);
            for (var i = 0; i < bins; i++)
            {
                re[i] = scale[i] * Spectrum[c * bins + i] / 4;
                im[i] = scale[i] * Spectrum[(3 + c) * bins + i] / 4;
            }
            dft.Transform(re, im, spatial.AsSpan(c * plane, plane));
        });
        var image = new RgbImage(Width, Height);
        ColorDecorrelation.Apply(spatial, image.Pixels);
        for (var i = 0; i < image.Pixels.Length; i++) image.Pixels[i] = 255 / (1 + MathF.Exp(-image.Pixels[i]));
        rendered = image;
        return image;
    }

    /// <summary>d objective / d spectrum from d objective / d image, at the spectrum of the last <see cref="Render"/>.</summary>
    public float[] Backward(RgbImage imageGradient)
    {
        var image = rendered ?? throw new InvalidOperationException("render the image before back-propagating through it");
        var plane = Height * Width;
        var bins = Height * dft.Bins;
        // d(255·σ(u))/du = 255·σ(1 − σ) = p·(1 − p/255) for p = 255·σ.
        var du = new float[3 * plane];
        for (var i = 0; i < du.Length; i++) du[i] = imageGradient.Pixels[i] * image.Pixels[i] * (1 - image.Pixels[i] / 255);
        var spatial = new float[3 * plane];
        ColorDecorrelation.Apply(du, spatial, transpose: true);
        var gradient = new float[Spectrum.Length];
        Parallel.For(0, 3, c =>
        {
            var re = gradient.AsSpan(c * bins, bins);
            var im = gradient.AsSpan((3 + c) * bins, bins);
            dft.Adjoint(spatial.AsSpan(c * plane, plane), re, im);
            for (var i = 0; i < bins; i++)
            {
                re[i] *= scale[i] / 4;
                im[i] *= scale[i] / 4;
            }
        });
        return gradient;
    }

    /// <summary>A standard normal draw (Box–Muller).</summary>
    static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
