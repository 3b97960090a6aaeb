using DeepDream.Graph;

namespace DeepDream.Dreaming.Objectives;

/// <summary>The DeepDream notebook's layer objective, mean(T²); its gradient is 2T/N.</summary>
public sealed record LayerTerm(string Tensor) : ObjectiveTerm(Tensor)
{
    public override (string, string) Emit(GraphEditor g, long[] shape, float weight) => (
        MeanInDoubles(g, Tensor, t => g.Node("Mul", [t, t])),
        g.Node("Mul", [Tensor, g.Scalar(2 * weight / Tensors.ElementCount(shape))]));

    public override string ToString() => $"mean({Tensor}^2)";
}
