namespace DeepDream.Visualization;

/// <summary>
/// Lucid's colour decorrelation: the parameterization's three channels are mixed into RGB by the square root
/// of ImageNet's colour correlation, normalized by its largest column norm, so that independent parameters
/// give naturally correlated colours.
/// </summary>
internal static class ColorDecorrelation
{
    /// <summary>The square root of ImageNet's colour correlation matrix (rows: R, G, B).</summary>
    public static readonly float[,] CorrelationSqrt = { { 0.26f, 0.09f, 0.02f }, { 0.27f, 0.00f, -0.05f }, { 0.27f, -0.09f, 0.03f } };

    public const float MaxNorm = 0.461952f;

    /// <summary>rgb = M · t per pixel, M = <see cref="CorrelationSqrt"/> / <see cref="MaxNorm"/>.</summary>
    public static readonly float[,] Matrix = Normalized();

    /// <summary>rgb[i] = Σ_j M[i, j]·t[j] for every pixel of three planes; <paramref name="transpose"/> applies Mᵀ (the gradient's way back).</summary>
    public static void Apply(ReadOnlySpan<float> planes, Span<float> result, bool transpose = false)
    {
        var n = planes.Length / 3;
        for (var i = 0; i < 3; i++)
            for (var p = 0; p < n; p++)
            {
                var sum = 0f;
                for (var j = 0; j < 3; j++) sum += (transpose ? Matrix[j, i] : Matrix[i, j]) * planes[j * n + p];
                result[i * n + p] = sum;
            }
    }

    static float[,] Normalized()
    {
        var m = new float[3, 3];
        for (var i = 0; i < 3; i++)
            for (var j = 0; j < 3; j++) m[i, j] = CorrelationSqrt[i, j] / MaxNorm;
        return m;
    }
}
