using DeepDream.Dreaming;
using DeepDream.Imaging;

namespace DeepDream.Visualization;

/// <summary>
/// The objective's gradient as the renderers use it, with one rescue: an image on which every unit the
/// objective reads is below its ReLU has a zero gradient and would never change (the near-uniform start
/// does that to many channels of ResNet18's post-ReLU layers). Until the objective's own gradient is
/// non-zero, the step follows the same objective on the ReLU's input instead — why the notebook
/// visualizes pre_relu tensors, and a narrower form of Lucid's ReLU gradient redirect.
/// </summary>
/// <param name="preActivation">The same objective on the input of the layer's ReLU; null if the layer is no ReLU's output.</param>
internal sealed class ObjectiveGradient(TiledGradient objective, TiledGradient? preActivation)
{
    /// <summary>Writes the gradient of the image rolled by (dx, dy), unrolled; returns the objective.</summary>
    public double Compute(RgbImage image, int dx, int dy, float[] gradient, CancellationToken cancel = default)
    {
        var value = objective.Compute(image, dx, dy, gradient, cancel);
        if (preActivation is not null && gradient.AsSpan().IndexOfAnyExcept(0f) < 0) preActivation.Compute(image, dx, dy, gradient, cancel);
        return value;
    }

    /// <summary>The objective of the image.</summary>
    public double Measure(RgbImage image, CancellationToken cancel = default) => objective.Measure(image, cancel);
}
