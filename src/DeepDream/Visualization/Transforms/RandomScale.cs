namespace DeepDream.Visualization.Transforms;

/// <summary>Lucid's random_scale: the image zoomed by one of <see cref="Scales"/>, about its centre (on the same canvas, so the network's input size stays fixed).</summary>
internal sealed record RandomScale(IReadOnlyList<double> Scales) : ITransform
{
    public TransformStep Draw(Random random, int width, int height)
    {
        var inverse = 1 / Scales[random.Next(Scales.Count)];
        return new AffineResample(width, height, (inverse, 0, 0, inverse));
    }
}
