using DeepDream.Graph;

namespace DeepDream.Dreaming.Objectives;

/// <summary>One term of an objective on one layer: graph nodes for its float64 value and its (weighted) gradient at the layer.</summary>
public abstract record ObjectiveTerm(string Tensor)
{
    /// <summary>Identifies the term for session caching: equal keys build equal graphs.</summary>
    public virtual string Key => ToString();

    /// <param name="shape">The layer's shape (N, C, H, W) at the crop's size.</param>
    /// <param name="weight">The term's weight, folded into the gradient.</param>
    public abstract (string Value, string Gradient) Emit(GraphEditor g, long[] shape, float weight);

    protected static string MeanInDoubles(GraphEditor g, string tensor, Func<string, string> perElement) =>
        g.Node("ReduceMean", [perElement(g.Node("Cast", [tensor], Attributes.Int("to", (long)Onnx.TensorProto.Types.DataType.Double)))],
            Attributes.Int("keepdims", 0));

    protected static void CheckChannel(int channel, long[] shape)
    {
        if (channel < 0 || channel >= shape[1])
            throw new DeepDreamException($"channel {channel} is out of range: this layer has channels 0 to {shape[1] - 1}");
    }
}
