namespace DeepDream.Dreaming.Objectives;

/// <summary>The DeepDream notebook's layer objective, mean(T²).</summary>
internal sealed record LayerTerm(string Tensor) : ObjectiveTerm(Tensor)
{
    public override string Value(TermGraph g, string layer, long[] shape) => g.Mean(g.Node("Mul", [layer, layer]));

    public override string ToString() => $"mean({Tensor}^2)";
}
