using DeepDream.Graph;

namespace DeepDream.Autodiff.Builders;

/// <summary>
/// LRN: Y = X · S^−β with S = bias + α/size · Σ_window X².
/// dX = dY · S^−β − (2αβ/size) · X · Σ_window'(dY · Y / S), where window' is the channel window
/// mirrored (the channels whose windows contain this one). Window sums run as a Conv over channels.
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
        var direct = c.G.Node("Mul", [c.Grad, c.G.Node("Pow", [s, c.G.Scalar(-beta)])]);
        var throughS = c.G.Node("Div", [c.G.Node("Mul", [c.Grad, c.Output(0)]), s]);
        var mirrored = ChannelWindowSum(c, throughS, shape, size, above, below);
        var indirect = c.G.Node("Mul", [c.G.Node("Mul", [x, mirrored]), c.G.Scalar(2 * alpha * beta / size)]);
        c.SetInputGrad(0, c.G.Node("Sub", [direct, indirect]));
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
