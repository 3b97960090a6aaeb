using DeepDream.Imaging;
using DeepDream.Video.Flow;

namespace DeepDream.Video;

/// <summary>
/// Whether a clip cuts to another shot between two frames: the motion explains too little of the
/// new frame, or its colours are distributed differently. A dream carried across a cut would paint
/// the old shot over the new one, so the new shot starts afresh.
/// </summary>
internal static class SceneCut
{
    const float MinCoverage = 0.5f;
    const double MinCorrelation = 0.6;

    public static bool Between(RgbImage previous, RgbImage next, Motion motion) =>
        motion.Coverage < MinCoverage || Correlation(Histogram(previous), Histogram(next)) < MinCorrelation;

    /// <summary>32 bins per channel.</summary>
    static double[] Histogram(RgbImage image)
    {
        var bins = new double[96];
        for (var c = 0; c < 3; c++)
            foreach (var v in image.Pixels.AsSpan(c * image.PlaneSize, image.PlaneSize))
                bins[c * 32 + Math.Clamp((int)(v / 8), 0, 31)]++;
        return bins;
    }

    static double Correlation(double[] a, double[] b)
    {
        var (ma, mb) = (a.Average(), b.Average());
        double ab = 0, aa = 0, bb = 0;
        for (var i = 0; i < a.Length; i++) (ab, aa, bb) = (ab + (a[i] - ma) * (b[i] - mb), aa + (a[i] - ma) * (a[i] - ma), bb + (b[i] - mb) * (b[i] - mb));
        return aa > 0 && bb > 0 ? ab / Math.Sqrt(aa * bb) : 1;
    }
}
