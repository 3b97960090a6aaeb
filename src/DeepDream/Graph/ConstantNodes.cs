using Onnx;

namespace DeepDream.Graph;

/// <summary>
/// Turns Constant nodes into initializers. Exporters write small constants (a Pad's pads, a Reshape's shape) as nodes
/// where they could be weights, and the gradient builders read such values from the initializers.
/// </summary>
internal static class ConstantNodes
{
    public static void Fold(GraphProto graph)
    {
        foreach (var node in graph.Node.Where(n => n.OpType == "Constant" && n.Domain is "" or "ai.onnx").ToList())
        {
            if (node.Output.Count != 1 || node.Attribute.Count != 1 || Value(node.Attribute[0]) is not { } value) continue;
            value.Name = node.Output[0];
            graph.Initializer.Add(value);
            graph.Node.Remove(node);
        }
    }

    /// <summary>The forms of a constant with one tensor of numbers; the rest (sparse, strings) stay nodes.</summary>
    static TensorProto? Value(AttributeProto attribute) => attribute.Name switch
    {
        "value" when attribute.T is { } tensor => tensor.Clone(),
        "value_float" => Tensors.Float("", [attribute.F]),
        "value_floats" => Tensors.Float("", [.. attribute.Floats], attribute.Floats.Count),
        "value_int" => Tensors.Int64("", [attribute.I]),
        "value_ints" => Tensors.Int64("", [.. attribute.Ints], attribute.Ints.Count),
        _ => null,
    };
}
