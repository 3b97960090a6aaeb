using DeepDream.Imaging;

namespace DeepDream.Visualization.Transforms;

/// <summary>Lucid's jitter: a random crop <see cref="Pixels"/> smaller in each direction.</summary>
internal sealed record Jitter(int Pixels) : ITransform
{
    public TransformStep Draw(Random random, int width, int height) =>
        new Step(random.Next(Pixels + 1), random.Next(Pixels + 1), width, height, Pixels);

    sealed class Step(int x, int y, int width, int height, int pixels) : TransformStep(width - pixels, height - pixels)
    {
        public override RgbImage Apply(RgbImage image) => image.Crop(x, y, Width, Height);

        public override RgbImage Pullback(RgbImage gradient) => Canvas.Embed(gradient, width, height, x, y, 0);
    }
}
