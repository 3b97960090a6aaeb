using DeepDream.Graph;

namespace DeepDream.Dreaming.Objectives;

/// <summary>
/// One term of an objective on one layer, stated as its value: a small graph from the layer's tensor to a scalar.
/// The objective writes it twice, in doubles for the value it reports and in floats for the gradient, which the
/// autodiff derives like the network's own: a new kind of term is this one method.
/// </summary>
internal abstract record ObjectiveTerm(string Tensor)
{
    /// <summary>Identifies the term for session caching: equal keys build equal graphs.</summary>
    public virtual string Key => ToString();

    /// <summary>Writes the term's value of <paramref name="layer"/> (the layer's tensor in <paramref name="g"/>'s element type) and returns the scalar.</summary>
    /// <param name="shape">The layer's shape (N, C, H, W) at the crop's size.</param>
    public abstract string Value(TermGraph g, string layer, long[] shape);

    protected static void CheckChannel(int channel, long[] shape)
    {
        if (channel < 0 || channel >= shape[1])
            throw new DeepDreamException($"channel {channel} is out of range: this layer has channels 0 to {shape[1] - 1}");
    }
}

/// <summary>The graph a term writes its value into, in one element type: its constants come in that type too.</summary>
/// <param name="Doubles">Float64 (the value); else float32 (what is differentiated).</param>
internal sealed record TermGraph(GraphEditor Editor, bool Doubles)
{
    public string Node(string opType, IEnumerable<string> inputs, params Onnx.AttributeProto[] attributes) => Editor.Node(opType, inputs, attributes);

    public string Constant(float[] values, params long[] dims) => Doubles ? Editor.Doubles([.. values.Select(v => (double)v)], dims) : Editor.Floats(values, dims);

    public string Int64s(params long[] values) => Editor.Int64s(values);

    /// <summary>The mean of every element: the reduction each term ends with.</summary>
    public string Mean(string tensor) => Node("ReduceMean", [tensor], Attributes.Int("keepdims", 0));
}
