using DeepDream.Graph;

namespace DeepDream.Autodiff.Builders;

/// <summary>The axes a Reduce* node reduces (an attribute up to opset 17, an input from 18), and the shape it keeps them in.</summary>
sealed record Reduction(long[] Input, HashSet<int> Axes)
{
    public static Reduction Of(GradientContext c)
    {
        var x = c.Shape(c.Input(0));
        long[] axes = c.HasInput(1)
            ? c.G.Initializer(c.Input(1)) is { } given ? Tensors.ToInt64s(given) : throw c.Unsupported("the axes must be a constant")
            : c.Node.GetInts("axes") ?? [];
        if (axes.Length == 0 && c.Node.GetInt("noop_with_empty_axes", 0) == 1) throw c.Unsupported("a reduction over no axes is not supported");
        var reduced = axes.Length == 0 ? Enumerable.Range(0, x.Length).ToHashSet() : axes.Select(a => Axis.Normalize(a, x.Length)).ToHashSet();
        return new(x, reduced);
    }

    /// <summary>The output's shape with the reduced axes kept as 1: what broadcasts back over the input.</summary>
    public long[] Kept => [.. Input.Select((d, i) => Axes.Contains(i) ? 1 : d)];

    /// <summary>How many inputs each output reduces.</summary>
    public long Count => Axes.Aggregate(1L, (n, a) => n * Input[a]);

    /// <summary>An output-shaped tensor as the kept shape, to broadcast against the input.</summary>
    public string Broadcastable(GradientContext c, string tensor) => c.G.Node("Reshape", [tensor, c.G.Int64s(Kept)]);
}

/// <summary>Y = mean of X over the axes: dX = dY / n, spread over the n inputs of each mean.</summary>
sealed class ReduceMeanGradient : IGradientBuilder
{
    public IEnumerable<string> OpTypes => ["ReduceMean"];

    // dY / n, not dY · (1/n): the same rounding as the hand-written gradients it replaced, so dreams stay byte for byte.
    public void Build(GradientContext c)
    {
        var r = Reduction.Of(c);
        var share = c.G.Node("Div", [r.Broadcastable(c, c.Grad), c.G.Scalar(r.Count)]);
        c.SetInputGrad(0, c.G.Node("Expand", [share, c.G.Int64s(r.Input)]));
    }
}

/// <summary>Y = max of X over the axes: dY flows to the inputs equal to their max (to each, where several tie).</summary>
sealed class ReduceMaxGradient : IGradientBuilder
{
    public IEnumerable<string> OpTypes => ["ReduceMax"];

    public void Build(GradientContext c)
    {
        var r = Reduction.Of(c);
        var isMax = c.G.Node("Cast", [c.G.Node("Equal", [c.Input(0), r.Broadcastable(c, c.Output(0))])], Attributes.Int("to", (long)Onnx.TensorProto.Types.DataType.Float));
        c.SetInputGrad(0, c.G.Node("Mul", [isMax, r.Broadcastable(c, c.Grad)]));
    }
}
