using DeepDream.Imaging;

namespace DeepDream.Visualization.Transforms;

/// <summary>Lucid's pad: a border of constant colour, so that jitter and rotation bring in no image edge.</summary>
/// <param name="Value">The border's value, 0..255 (Lucid's 0.5 is 127.5).</param>
internal sealed record Pad(int Pixels, float Value) : ITransform
{
    public TransformStep Draw(Random random, int width, int height) => new Step(this, width, height);

    sealed class Step(Pad pad, int width, int height) : TransformStep(width + 2 * pad.Pixels, height + 2 * pad.Pixels)
    {
        public override RgbImage Apply(RgbImage image) => Canvas.Embed(image, Width, Height, pad.Pixels, pad.Pixels, pad.Value);

        public override RgbImage Pullback(RgbImage gradient) => gradient.Crop(pad.Pixels, pad.Pixels, width, height);
    }
}
