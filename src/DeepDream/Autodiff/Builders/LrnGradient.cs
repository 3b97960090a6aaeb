using DeepDream.Graph;

namespace DeepDream.Autodiff.Builders;

/// <summary>
/// LRN, with Y = X · S^−β (see <see cref="LrnDecomposition"/>, which the forward node becomes so that
/// both passes share S^−β): dX = dY · S^−β − (2αβ/size) · X · Σ_window'(dY · Y / S), where window' is
/// the channel window mirrored (the channels whose windows contain this one).
/// </summary>
sealed class LrnGradient : IGradientBuilder
{
    public IEnumerable<string> OpTypes => ["LRN"];

    public void Build(GradientContext c)
    {
        var x = c.Input(0);
        var shape = c.Shape(x);
        var lrn = LrnDecomposition.Rewrite(c.G, c.Node, shape);
        var direct = c.G.Node("Mul", [c.Grad, lrn.Scale]);
        var throughS = c.G.Node("Div", [c.G.Node("Mul", [c.Grad, c.Output(0)]), lrn.S]);
        var mirrored = LrnDecomposition.ChannelWindowSum(c.G, throughS, shape, lrn.Above, lrn.Below, 2 * lrn.Alpha * lrn.Beta / lrn.Size);
        c.SetInputGrad(0, c.G.Node("Sub", [direct, c.G.Node("Mul", [x, mirrored])]));
    }
}
