using DeepDream.Imaging;

namespace DeepDream.Visualization;

/// <summary>How the notebook's renderers turn a gradient into a step direction.</summary>
internal interface IStepNormalization
{
    /// <summary>The direction for this gradient; the gradient may be overwritten.</summary>
    RgbImage Normalize(RgbImage gradient);
}

/// <summary>render_naive and render_multiscale: g / (std(g) + 1e-8).</summary>
internal sealed record StdNormalization : IStepNormalization
{
    public RgbImage Normalize(RgbImage gradient)
    {
        var values = gradient.Pixels;
        var mean = values.Average(v => (double)v);
        var std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
        var scale = (float)(1 / (std + 1e-8));
        for (var i = 0; i < values.Length; i++) values[i] *= scale;
        return gradient;
    }
}

/// <summary>render_lapnorm: each of <see cref="Levels"/> Laplacian levels of the gradient scaled to unit RMS, so coarse structure moves as fast as fine.</summary>
internal sealed record LaplacianNormalization(int Levels) : IStepNormalization
{
    public RgbImage Normalize(RgbImage gradient) => LaplacianPyramid.Normalize(gradient, Levels);
}
