namespace DeepDream.Imaging;

/// <summary>Per-channel mean and standard deviation: what a colour lock holds steady.</summary>
internal sealed record ColorStatistics(double[] Mean, double[] Std)
{
    public static ColorStatistics Of(RgbImage image)
    {
        var (mean, std) = (new double[3], new double[3]);
        for (var c = 0; c < 3; c++)
        {
            var plane = image.Pixels.AsSpan(c * image.PlaneSize, image.PlaneSize);
            double sum = 0, squares = 0;
            foreach (var v in plane) { sum += v; squares += (double)v * v; }
            mean[c] = sum / plane.Length;
            std[c] = Math.Sqrt(Math.Max(0, squares / plane.Length - mean[c] * mean[c]));
        }
        return new(mean, std);
    }

    /// <summary>Shifts and scales each channel of the image to these statistics (Reinhard colour transfer), in place.</summary>
    public void Impose(RgbImage image)
    {
        var current = Of(image);
        for (var c = 0; c < 3; c++)
        {
            var gain = current.Std[c] > 1e-6 ? Std[c] / current.Std[c] : 1;
            var plane = image.Pixels.AsSpan(c * image.PlaneSize, image.PlaneSize);
            for (var i = 0; i < plane.Length; i++)
                plane[i] = (float)Math.Clamp((plane[i] - current.Mean[c]) * gain + Mean[c], 0, 255);
        }
    }

    /// <summary>Mean over all channels: the brightness that drifts in long zooms.</summary>
    public double Brightness => Mean.Average();
}
