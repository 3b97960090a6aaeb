namespace DeepDream.Visualization.Transforms;

/// <summary>Lucid's random_rotate: the image turned by one of <see cref="Degrees"/> about its centre.</summary>
internal sealed record RandomRotate(IReadOnlyList<double> Degrees) : ITransform
{
    public TransformStep Draw(Random random, int width, int height)
    {
        var angle = Degrees[random.Next(Degrees.Count)] * Math.PI / 180;
        var (cos, sin) = (Math.Cos(angle), Math.Sin(angle));
        return new AffineResample(width, height, (cos, sin, -sin, cos));
    }
}
