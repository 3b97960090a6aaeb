using DeepDream.Graph;

namespace DeepDream.Autodiff.Builders;

/// <summary>
/// LRN: Y = X · S^−β with S = bias + α/size · Σ_window X².
/// dX = dY · S^−β − (2αβ/size) · X · Σ_window'(dY · Y / S), where window' is the channel window
/// mirrored (the channels whose windows contain this one). Window sums run as a Conv over channels.
/// The backward needs S^−β anyway, so the forward LRN node becomes X · S^−β, sharing it: ONNX
/// Runtime's LRN kernel costs more than the whole decomposition.
/// </summary>
sealed class LrnGradient : IGradientBuilder
{
    public IEnumerable<string> OpTypes => ["LRN"];

    public void Build(GradientContext c)
    {
        var size = c.Node.GetInt("size", 0);
        var alpha = c.Node.GetFloat("alpha", 1e-4f);
        var beta = c.Node.GetFloat("beta", 0.75f);
        var bias = c.Node.GetFloat("bias", 1f);
        var x = c.Input(0);
        var shape = c.Shape(x);
        var below = (size - 1) / 2;
        var above = size - 1 - below;

        var squareSum = ChannelWindowSum(c, c.G.Node("Mul", [x, x]), shape, size, below, above);
        var s = c.G.Node("Add", [c.G.Node("Mul", [squareSum, c.G.Scalar(alpha / size)]), c.G.Scalar(bias)]);
        var scale = InversePower(c, s, beta);
        ReplaceForward(c, x, scale);
        var direct = c.G.Node("Mul", [c.Grad, scale]);
        var throughS = c.G.Node("Div", [c.G.Node("Mul", [c.Grad, c.Output(0)]), s]);
        var mirrored = ChannelWindowSum(c, throughS, shape, size, above, below);
        var indirect = c.G.Node("Mul", [c.G.Node("Mul", [x, mirrored]), c.G.Scalar(2 * alpha * beta / size)]);
        c.SetInputGrad(0, c.G.Node("Sub", [direct, indirect]));
    }

    /// <summary>S^−β, through square roots for the exponents networks use (Pow is slow).</summary>
    static string InversePower(GradientContext c, string s, float beta)
    {
        var root = beta is 0.5f or 0.75f ? c.G.Node("Sqrt", [s]) : null;
        return beta switch
        {
            0.5f => c.G.Node("Reciprocal", [root!]),
            0.75f => c.G.Node("Reciprocal", [c.G.Node("Mul", [root!, c.G.Node("Sqrt", [root!])])]),
            _ => c.G.Node("Pow", [s, c.G.Scalar(-beta)]),
        };
    }

    /// <summary>The forward node becomes Y = X · S^−β (same output name; the graph is re-sorted after the backward pass).</summary>
    static void ReplaceForward(GradientContext c, string x, string scale)
    {
        c.Node.OpType = "Mul";
        c.Node.Attribute.Clear();
        c.Node.Input.Clear();
        c.Node.Input.Add(x);
        c.Node.Input.Add(scale);
    }

    /// <summary>Σ over channels [c − below, c + above], clipped to the valid channels.</summary>
    static string ChannelWindowSum(GradientContext c, string tensor, long[] shape, long size, long below, long above)
    {
        var asImage = c.G.Node("Reshape", [tensor, c.G.Int64s(shape[0], 1, shape[1], -1)]);
        var ones = c.G.Floats(Enumerable.Repeat(1f, (int)size).ToArray(), 1, 1, size, 1);
        var summed = c.G.Node("Conv", [asImage, ones], Attributes.Ints("pads", [below, 0L, above, 0L]));
        return c.G.Node("Reshape", [summed, c.G.Int64s(shape)]);
    }
}
