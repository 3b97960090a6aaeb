using DeepDream.Graph;

namespace DeepDream.Autodiff.Builders;

/// <summary>
/// Layer norm (opset 17's, ConvNeXt's and transformers'), Y = x̂ · scale + bias with x̂ = (X − μ) · r and
/// r = 1/√(σ² + ε) over the axes from <c>axis</c> on: with g = dY · scale, dX = r · (g − mean(g) − x̂ · mean(g · x̂)).
/// </summary>
sealed class LayerNormalizationGradient : IGradientBuilder
{
    public IEnumerable<string> OpTypes => ["LayerNormalization"];

    public void Build(GradientContext c)
    {
        if (c.Wants(1) || c.Wants(2)) throw c.Unsupported("gradients with respect to its scale and bias are not supported");
        if (c.OutputGrad(1) is not null || c.OutputGrad(2) is not null) throw c.Unsupported("gradients through its mean and inverse deviation outputs are not supported");
        var shape = c.Shape(c.Input(0));
        var first = Axis.Normalize(c.Node.GetInt("axis", -1), shape.Length);
        var axes = c.G.Int64s([.. Enumerable.Range(first, shape.Length - first).Select(a => (long)a)]);
        var count = c.G.Scalar((float)shape[first..].Aggregate(1L, (n, d) => n * d));
        string Mean(string x) => c.G.Node("Div", [c.G.Node("ReduceSum", [x, axes], Attributes.Int("keepdims", 1)), count]);

        var centered = c.G.Node("Sub", [c.Input(0), Mean(c.Input(0))]);
        var variance = Mean(c.G.Node("Mul", [centered, centered]));
        var inverse = c.G.Node("Reciprocal", [c.G.Node("Sqrt", [c.G.Node("Add", [variance, c.G.Scalar(c.Node.GetFloat("epsilon", 1e-5f))])])]);
        var normalized = c.G.Node("Mul", [centered, inverse]);
        var g = c.G.Node("Mul", [c.Grad, c.Input(1)]);
        var projection = c.G.Node("Mul", [normalized, Mean(c.G.Node("Mul", [g, normalized]))]);
        c.SetInputGrad(0, c.G.Node("Mul", [inverse, c.G.Node("Sub", [c.G.Node("Sub", [g, Mean(g)]), projection])]));
    }
}
