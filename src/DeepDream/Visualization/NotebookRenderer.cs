using System.Numerics.Tensors;
using DeepDream.Imaging;

namespace DeepDream.Visualization;

/// <summary>
/// The TensorFlow DeepDream notebook's feature visualization: gradient ascent on the pixels of uniform
/// noise around 100, each step the normalized gradient times <see cref="Step"/>; over octaves the image is
/// resized up by <see cref="OctaveScale"/> between them; shown with the notebook's visstd.
/// </summary>
/// <param name="Roll">Each gradient of the image rolled randomly by up to a tile (calc_grad_tiled), so tile seams never settle; render_naive does not roll.</param>
internal sealed record NotebookRenderer(int Size, int Iterations, double Step, int Octaves, double OctaveScale, bool Roll, IStepNormalization Normalization) : IRenderer
{
    /// <summary>calc_grad_tiled's tile, and so the range of its random roll.</summary>
    public const int TileSize = 512;

    public Rendering Render(ObjectiveGradient gradients, Random random, IProgress<RenderProgress>? progress = null, CancellationToken cancel = default)
    {
        var image = Noise(Size, random);
        var start = gradients.Measure(image, cancel);
        for (var octave = 0; octave < Octaves; octave++)
        {
            if (octave > 0) image = image.Resize((int)(image.Width * OctaveScale), (int)(image.Height * OctaveScale));
            var gradient = new RgbImage(image.Width, image.Height);
            for (var i = 0; i < Iterations; i++)
            {
                var (dx, dy) = Roll ? (random.Next(TileSize), random.Next(TileSize)) : (0, 0);
                var objective = gradients.Compute(image, dx, dy, gradient.Pixels, cancel);
                TensorPrimitives.MultiplyAdd(Normalization.Normalize(gradient).Pixels, (float)Step, image.Pixels, image.Pixels);
                progress?.Report(new RenderProgress(octave * Iterations + i + 1, Octaves * Iterations, objective));
            }
        }
        return new Rendering(Visstd(image), start, gradients.Measure(image, cancel));
    }

    /// <summary>The notebook's img_noise: uniform [0, 1) plus 100 per pixel.</summary>
    public static RgbImage Noise(int size, Random random)
    {
        var image = new RgbImage(size, size);
        for (var i = 0; i < image.Pixels.Length; i++) image.Pixels[i] = 100 + random.NextSingle();
        return image;
    }

    /// <summary>The notebook's display of a visualization, visstd(a, s=0.1) = (a − mean)/max(std, 1e-4)·s + 0.5 clipped to [0, 1], here as 0..255.</summary>
    public static RgbImage Visstd(RgbImage image, double s = 0.1)
    {
        var mean = image.Pixels.Average(v => (double)v);
        var std = Math.Sqrt(image.Pixels.Sum(v => (v - mean) * (v - mean)) / image.Pixels.Length);
        var shown = new RgbImage(image.Width, image.Height);
        for (var i = 0; i < shown.Pixels.Length; i++)
            shown.Pixels[i] = (float)(255 * Math.Clamp((image.Pixels[i] - mean) / Math.Max(std, 1e-4) * s + 0.5, 0, 1));
        return shown;
    }
}
