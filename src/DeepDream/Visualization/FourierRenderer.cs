using DeepDream.Imaging;
using DeepDream.Visualization.Transforms;

namespace DeepDream.Visualization;

/// <summary>
/// Lucid's render_vis: the objective, a parameterization (decorrelated Fourier), an optimizer (Adam) and
/// random transforms, kept separate; each step the gradient of the transformed image goes back through
/// the transforms and the parameterization to the spectrum.
/// </summary>
internal sealed record FourierRenderer(int Size, int Iterations, double LearningRate, ITransform Transforms) : IRenderer
{
    public Rendering Render(ObjectiveGradient gradients, Random random, IProgress<RenderProgress>? progress = null, CancellationToken cancel = default)
    {
        var image = new FourierParameterization(Size, Size, random);
        var adam = new Adam(image.Spectrum.Length, LearningRate);
        var start = gradients.Measure(image.Render(), cancel);
        for (var i = 0; i < Iterations; i++)
        {
            var transform = Transforms.Draw(random, Size, Size);
            var seen = transform.Apply(image.Render());
            var gradient = new RgbImage(seen.Width, seen.Height);
            var objective = gradients.Compute(seen, 0, 0, gradient.Pixels, cancel);
            adam.Ascend(image.Spectrum, image.Backward(transform.Pullback(gradient)));
            progress?.Report(new RenderProgress(i + 1, Iterations, objective));
        }
        var final = image.Render();
        return new Rendering(final, start, gradients.Measure(final, cancel));
    }
}
