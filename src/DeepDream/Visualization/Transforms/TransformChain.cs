using DeepDream.Imaging;

namespace DeepDream.Visualization.Transforms;

/// <summary>Transforms applied in order; the gradient goes back through them in reverse.</summary>
internal sealed record TransformChain(IReadOnlyList<ITransform> Transforms) : ITransform
{
    /// <summary>
    /// Lucid's standard transforms (render_vis): pad 12 with mid-grey, jitter 8, scale by 1 + (i − 5)/50
    /// for i = 0..10, rotate by −10..10° (0° six times as likely), jitter 4.
    /// </summary>
    public static TransformChain Lucid { get; } = new([
        new Pad(12, 127.5f),
        new Jitter(8),
        new RandomScale([.. Enumerable.Range(0, 11).Select(i => 1 + (i - 5) / 50.0)]),
        new RandomRotate([.. Enumerable.Range(-10, 21).Select(d => (double)d), .. Enumerable.Repeat(0.0, 5)]),
        new Jitter(4),
    ]);

    public TransformStep Draw(Random random, int width, int height)
    {
        var steps = new List<TransformStep>();
        foreach (var transform in Transforms)
        {
            steps.Add(transform.Draw(random, width, height));
            (width, height) = (steps[^1].Width, steps[^1].Height);
        }
        return new Step(steps, width, height);
    }

    sealed class Step(IReadOnlyList<TransformStep> steps, int width, int height) : TransformStep(width, height)
    {
        public override RgbImage Apply(RgbImage image) => steps.Aggregate(image, (current, step) => step.Apply(current));

        public override RgbImage Pullback(RgbImage gradient) => steps.Reverse().Aggregate(gradient, (current, step) => step.Pullback(current));
    }
}
