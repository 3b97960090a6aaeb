using DeepDream.Graph;

namespace DeepDream.Autodiff.Builders;

/// <summary>Inference batch norm is a per-channel affine map: dX = dY · scale / √(var + ε).</summary>
sealed class BatchNormalizationGradient : IGradientBuilder
{
    public IEnumerable<string> OpTypes => ["BatchNormalization"];

    public void Build(GradientContext c)
    {
        if (Enumerable.Range(1, 4).Any(c.Wants)) throw c.Unsupported("gradients with respect to its parameters are not supported");
        if (c.Node.GetInt("training_mode", 0) != 0) throw c.Unsupported("training mode is not supported");
        var rank = c.Shape(c.Input(0)).Length;
        var std = c.G.Node("Sqrt", [c.G.Node("Add", [c.Input(4), c.G.Scalar(c.Node.GetFloat("epsilon", 1e-5f))])]);
        var perChannel = c.G.Node("Div", [c.Input(1), std]);
        var broadcastable = c.G.Node("Reshape", [perChannel, c.G.Int64s([-1, .. Enumerable.Repeat(1L, rank - 2)])]);
        c.SetInputGrad(0, c.G.Node("Mul", [c.Grad, broadcastable]));
    }
}
