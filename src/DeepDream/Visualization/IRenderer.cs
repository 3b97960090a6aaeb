using DeepDream.Imaging;

namespace DeepDream.Visualization;

/// <summary>Makes a picture of what an objective responds to, from nothing: the objective comes in as its gradients.</summary>
public interface IRenderer
{
    /// <summary>The side of the square image the renderer starts from.</summary>
    int Size { get; }

    internal Rendering Render(ObjectiveGradient gradients, Random random, IProgress<RenderProgress>? progress = null, CancellationToken cancel = default);
}

/// <param name="Image">The picture to show, 0..255.</param>
/// <param name="ObjectiveStart">The objective of the starting image.</param>
/// <param name="ObjectiveEnd">The objective of the optimized image (before any display scaling).</param>
internal sealed record Rendering(RgbImage Image, double ObjectiveStart, double ObjectiveEnd);

/// <param name="Step">1-based, over all octaves.</param>
public sealed record RenderProgress(int Step, int Steps, double Objective);
