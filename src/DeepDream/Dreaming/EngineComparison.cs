using DeepDream.Runtime;
using DeepDream.Runtime.OneDnn;
using Onnx;

namespace DeepDream.Dreaming;

/// <summary>
/// How the oneDNN engine's objective and gradient of one image compare with ONNX Runtime's (float32, the reference
/// the finite differences check): what <c>models check</c> reports per layer.
/// </summary>
/// <param name="Engine">"oneDNN bf16" or "oneDNN fp32".</param>
/// <param name="ObjectiveError">|oneDNN − ORT| / |ORT| of the objective.</param>
/// <param name="GradientCosine">Cosine similarity of the two gradients.</param>
/// <param name="Error">Why oneDNN could not run the layer (ORT then does, under <c>--engine auto</c>); null if it did.</param>
public sealed record EngineComparison(string Engine, double ObjectiveError, double GradientCosine, string? Error)
{
    /// <summary>
    /// The agreement asked of oneDNN: float32 computes the same sums in another order; bf16 rounds every activation to
    /// 8 bits of mantissa, which flips some ReLU and max-pool decisions (a dream's objective curve stays within 2%).
    /// </summary>
    public bool Agrees => Error is not null || (Engine.EndsWith("bf16")
        ? ObjectiveError <= 0.02 && GradientCosine >= 0.9
        : ObjectiveError <= 1e-4 && GradientCosine >= 0.999);

    /// <summary>The cosine of the angle between two gradients (1 for two zero ones), summed in float64.</summary>
    internal static double Cosine(float[] a, float[] b)
    {
        double dot = 0, aa = 0, bb = 0;
        for (var i = 0; i < a.Length; i++) (dot, aa, bb) = (dot + (double)a[i] * b[i], aa + (double)a[i] * a[i], bb + (double)b[i] * b[i]);
        return aa == 0 && bb == 0 ? 1 : dot / Math.Sqrt(aa * bb);
    }

    /// <summary>Null where oneDNN is not installed: there is nothing to compare.</summary>
    internal static EngineComparison? Of(ModelProto graph, string input, IObjective objective, float[] image, double value, float[] gradient)
    {
        if (!Dnnl.Available) return null;
        var engine = $"oneDNN {(Dnnl.HasBf16 ? "bf16" : "fp32")}";
        try
        {
            using var session = OneDnnGradientSession.Create(graph, input, objective, withGradient: true, Dnnl.HasBf16);
            var theirs = new float[gradient.Length];
            var theirValue = session.Run(image, theirs);
            return new EngineComparison(engine, Math.Abs(theirValue - value) / Math.Max(Math.Abs(value), 1e-30), Cosine(gradient, theirs), null);
        }
        catch (OneDnnException e)
        {
            return new EngineComparison(engine, double.NaN, double.NaN, e.Message);
        }
    }
}
