using DeepDream.Dreaming.Objectives;
using DeepDream.Autodiff;
using DeepDream.Models;
using DeepDream.Runtime;

namespace DeepDream.Dreaming;

/// <summary>
/// Checks a model's gradients the way a careful user would: the analytic directional derivative of
/// each main layer's objective against a central finite difference of the objective (whose sum runs
/// in float64), along random directions.
/// </summary>
public static class GradientCheck
{
    /// <summary>Relative disagreement tolerated: float32 forward passes and ReLU/max-pool kinks limit agreement.</summary>
    public const double Tolerance = 0.02;

    /// <summary>Step along the direction, in 0..255 pixel units: small enough to cross few kinks, large enough for float32.</summary>
    const double Epsilon = 0.02;

    /// <param name="Flat">The objective does not move at float32 precision along any direction (a saturated gate of a random-weight network): there is nothing to compare.</param>
    /// <param name="Size">The image size it was checked at: the file's own where the layer takes no other (a classifier head's).</param>
    public sealed record LayerCheck(string Layer, double RelativeError, bool Passed, string? Error, bool Flat = false, int? Size = null)
    {
        /// <summary>The oneDNN engine against ONNX Runtime on the same image; null where oneDNN is not installed.</summary>
        public EngineComparison? OneDnn { get; init; }
    }

    /// <param name="Size">The image size the layers were checked at, unless a layer says otherwise.</param>
    public sealed record Report(string Model, IReadOnlyList<string> UnsupportedOps, IReadOnlyList<LayerCheck> Checks, int Size)
    {
        /// <summary>True when no op lacks a gradient builder, every layer agreed within <see cref="Tolerance"/> (a flat one counts as agreeing), and oneDNN agreed with ONNX Runtime where it ran.</summary>
        public bool Passed => UnsupportedOps.Count == 0 && Checks.All(c => c.Passed && c.OneDnn?.Agrees != false);
    }

    /// <summary>Op types on the way from the image to any listed layer that have no gradient builder.</summary>
    public static IReadOnlyList<string> UnsupportedOps(DreamModel model, int size = 224)
    {
        var graph = model.ForImage(size, size);
        return Backward.Unsupported(graph.Graph, DreamModel.ImageInput, model.Layers.Select(l => l.Tensor))
            .Select(u => u.OpType).Distinct().Order().ToList();
    }

    /// <summary>Checks each layer's gradient and lists the ops without a gradient builder; a layer that cannot be built is a failed check, not an exception.</summary>
    /// <param name="layers">Layer names, presets or tensor names, as <see cref="DreamModel.Layer"/> resolves them.</param>
    /// <param name="size">The side of the square test image, in pixels.</param>
    /// <param name="directions">Random directions tried per layer; the worst disagreement counts.</param>
    /// <param name="seed">Seeds the test image and the directions, so a check repeats exactly.</param>
    public static Report Run(DreamModel model, IEnumerable<string> layers, int size = 128, int directions = 3, int seed = 1)
    {
        var checks = layers.Select(layer => CheckLayer(model, layer, size, directions, seed)).ToList();
        return new Report(model.Name, UnsupportedOps(model), checks, size);
    }

    /// <summary>
    /// Checks one layer's gradient on a size x size test image. Where that fails and the file declares another size, the
    /// layer is checked at the file's size (a layer past a fixed-size head exists only there); a <see cref="DeepDreamException"/>
    /// that remains becomes a failed check carrying its message.
    /// </summary>
    /// <param name="layer">A layer name, preset or tensor name, as <see cref="DreamModel.Layer"/> resolves it.</param>
    /// <param name="size">The side of the square test image, in pixels.</param>
    /// <param name="directions">Random directions tried; the worst disagreement counts.</param>
    /// <param name="seed">Seeds the test image and the directions, so a check repeats exactly.</param>
    public static LayerCheck CheckLayer(DreamModel model, string layer, int size, int directions, int seed)
    {
        try
        {
            var graph = model.ForImage(size, size);
            var objective = Objective.Layer(model.Layer(layer).Tensor);
            using var session = GradientSession.Create(graph, DreamModel.ImageInput, objective);
            var image = TestImage(size, seed);
            var gradient = new float[image.Length];
            var value = session.Run(image, gradient);
            var (error, flat) = Compare(session, image, value, gradient, directions, new Random(seed));
            return new LayerCheck(layer, error, error <= Tolerance, null, flat, size) { OneDnn = EngineComparison.Of(graph, DreamModel.ImageInput, objective, image, value, gradient) };
        }
        catch (DeepDreamException) when (model.DeclaredSize is { } own && own != size)
        {
            // A layer past a fixed-size head (Flatten into Gemm) is there only at the file's own size.
            return CheckLayer(model, layer, own, directions, seed);
        }
        catch (DeepDreamException e)
        {
            return new LayerCheck(layer, double.NaN, false, e.Message);
        }
    }

    /// <summary>
    /// Directions are the gradient scaled elementwise by uniform random factors: random, yet far
    /// from orthogonal to the gradient, so the derivative stands well above float32 rounding.
    /// </summary>
    internal static double WorstRelativeError(GradientSession session, float[] image, int directions, Random random)
    {
        var gradient = new float[image.Length];
        return Compare(session, image, session.Run(image, gradient), gradient, directions, random).Error;
    }

    /// <summary>The worst relative error over the directions, and whether every direction was too flat to measure.</summary>
    /// <param name="value">The session's objective of <paramref name="image"/>, and <paramref name="gradient"/> its gradient.</param>
    static (double Error, bool Flat) Compare(GradientSession session, float[] image, double value, float[] gradient, int directions, Random random)
    {
        var scratch = new float[image.Length];
        var scale = gradient.Max(MathF.Abs);
        if (scale == 0) return (0, true);
        // What float32 forward passes can tell apart near this value: a change below it is rounding, not a derivative.
        var resolution = Math.Abs(value) * 1e-6;
        var (worst, measured) = (0.0, 0);
        for (var d = 0; d < directions; d++)
        {
            var direction = gradient.Select(g => (float)(g / scale * random.NextDouble())).ToArray();
            var analytic = 0.0;
            for (var i = 0; i < image.Length; i++) analytic += (double)gradient[i] * direction[i];
            var plus = session.Run(Step(image, direction, Epsilon), scratch);
            var minus = session.Run(Step(image, direction, -Epsilon), scratch);
            if (Math.Abs(analytic) * Epsilon <= resolution && Math.Abs(plus - minus) <= 2 * resolution) continue;
            var numeric = (plus - minus) / (2 * Epsilon);
            worst = Math.Max(worst, Math.Abs(analytic - numeric) / Math.Max(Math.Abs(analytic), Math.Abs(numeric)));
            measured++;
        }
        return (worst, measured == 0);
    }

    static float[] Step(float[] image, float[] direction, double epsilon) =>
        image.Select((x, i) => (float)(x + epsilon * direction[i])).ToArray();

    /// <summary>A smooth, photo-like test pattern with a little noise, in 0..255.</summary>
    public static float[] TestImage(int size, int seed)
    {
        var random = new Random(seed);
        var image = new float[3 * size * size];
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < size; y++)
                for (var x = 0; x < size; x++)
                    image[(c * size + y) * size + x] = (float)(127 + 60 * Math.Sin(x * 0.07 * (c + 1) + y * 0.05)
                        + 50 * Math.Cos(y * 0.11 - x * 0.03 * c) + 10 * random.NextDouble());
        return image;
    }
}
