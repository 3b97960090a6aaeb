using DeepDream.Imaging;

namespace DeepDream.Visualization.Transforms;

/// <summary>One of Lucid's random transforms, applied to the image before every step so the picture holds up under small changes.</summary>
internal interface ITransform
{
    /// <summary>Draws this step's random choice for an input of this size.</summary>
    TransformStep Draw(Random random, int width, int height);
}

/// <summary>A transform with its random choice made: the image forward, the gradient back.</summary>
/// <param name="width">The output's width.</param>
/// <param name="height">The output's height.</param>
internal abstract class TransformStep(int width, int height)
{
    public int Width { get; } = width;
    public int Height { get; } = height;

    public abstract RgbImage Apply(RgbImage image);

    /// <summary>d objective / d input from d objective / d output: the adjoint of <see cref="Apply"/>'s linear part.</summary>
    public abstract RgbImage Pullback(RgbImage gradient);
}
