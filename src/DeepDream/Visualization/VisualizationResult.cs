using DeepDream.Imaging;

namespace DeepDream.Visualization;

/// <param name="Image">The picture, 0..255; multiscale and lapnorm grow it over their octaves.</param>
/// <param name="Size">The side of the start image.</param>
/// <param name="Seed">The seed used: the options' or the one picked.</param>
/// <param name="ObjectiveStart">The objective of the start image (noise, or Lucid's near-grey random spectrum).</param>
/// <param name="ObjectiveEnd">The objective of the optimized image.</param>
public sealed record VisualizationResult(RgbImage Image, string Model, string Layer, int? Channel, int? Neuron, bool Negative, RendererKind Renderer,
    int Size, int Seed, double ObjectiveStart, double ObjectiveEnd, double Seconds);
