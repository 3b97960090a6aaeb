using Onnx;

namespace DeepDream.Graph;

/// <summary>
/// Moves a graph to one opset, so that the nodes the backward pass appends (which need opset 16+,
/// e.g. ScatterElements with reduction) can live in the same graph as the model's own nodes.
/// Only the ops whose signature changed between opset 7 and <see cref="Target"/> need rewriting.
/// </summary>
internal static class OpsetUpgrade
{
    /// <summary>The ONNX opset a model is moved to; a model that declares a newer one keeps it.</summary>
    public const int Target = 17;
    const int Oldest = 7;

    /// <summary>Moves the model to opset <see cref="Target"/> in place, rewriting the ops whose signature changed and re-sorting its nodes.</summary>
    /// <exception cref="DeepDreamException">
    /// The model declares no ONNX opset or one older than 7, uses ops of a custom domain, or has an op this cannot upgrade
    /// (Upsample, Resize or Scatter from an older opset; BatchNormalization with spatial=0).
    /// </exception>
    public static void Apply(ModelProto model)
    {
        var onnx = model.OpsetImport.FirstOrDefault(o => o.Domain is "" or "ai.onnx")
                   ?? throw new DeepDreamException("the model declares no ONNX opset; re-export it with a standard exporter");
        var version = (int)onnx.Version;
        if (version < Oldest)
            throw new DeepDreamException($"the model uses ONNX opset {version}; re-export it with opset {Oldest} or newer");
        // Every node, not only those of the imports it declares: the ai.deepdream kernels are for our own backward graphs.
        if (model.Graph.Node.FirstOrDefault(n => n.Domain is not ("" or "ai.onnx")) is { } custom)
            throw new DeepDreamException($"the model uses ops of the custom domain '{custom.Domain}', which this program cannot run");
        onnx.Version = Math.Max(version, Target);
        if (version >= Target) return;

        var editor = new GraphEditor(model);
        foreach (var node in model.Graph.Node.ToList())
            Upgrade(editor, node, version);
        TopologicalOrder.Sort(model.Graph);
        model.IrVersion = Math.Max(model.IrVersion, 8);
    }

    static void Upgrade(GraphEditor g, NodeProto node, int version)
    {
        switch (node.OpType)
        {
            case "BatchNormalization":
                if (node.GetInt("spatial", 1) != 1)
                    throw new DeepDreamException($"node '{node.Name}': BatchNormalization with spatial=0 is not supported");
                node.Remove("spatial");
                node.Remove("consumed_inputs");
                while (node.Output.Count > 1) node.Output.RemoveAt(node.Output.Count - 1);
                break;
            case "Dropout":
                // Inference only: dropout is the identity, whatever its version's signature.
                node.OpType = "Identity";
                node.Attribute.Clear();
                while (node.Input.Count > 1) node.Input.RemoveAt(node.Input.Count - 1);
                while (node.Output.Count > 1) node.Output.RemoveAt(node.Output.Count - 1);
                break;
            case "Pad" when version < 11:
                MoveToInputs(node, (g.Int64s(node.GetInts("pads") ?? []), "pads"));
                node.Input.Add(g.Scalar(node.GetFloat("value", 0f)));
                node.Remove("value");
                break;
            case "Clip" when version < 11:
                node.Input.Add(g.Scalar(node.GetFloat("min", float.MinValue)));
                node.Input.Add(g.Scalar(node.GetFloat("max", float.MaxValue)));
                node.Remove("min");
                node.Remove("max");
                break;
            // The other reductions take their axes as an input only from opset 18, past the target: they keep the attribute.
            case "Squeeze" or "Unsqueeze" or "ReduceSum" when version < 13:
                if (node.GetInts("axes") is { } axes) MoveToInputs(node, (g.Int64s(axes), "axes"));
                break;
            case "Split" when version < 13:
                if (node.GetInts("split") is { } split) MoveToInputs(node, (g.Int64s(split), "split"));
                break;
            case "Softmax" or "LogSoftmax" or "Hardmax" when version < 13:
                CoerceTo2D(g, node);
                break;
            case "Upsample" or "Resize" or "Scatter":
                throw new DeepDreamException($"node '{node.Name}': {node.OpType} from opset {version} is not supported; re-export the model with opset {Target}");
        }
    }

    static void MoveToInputs(NodeProto node, (string tensor, string attribute) moved)
    {
        node.Input.Add(moved.tensor);
        node.Remove(moved.attribute);
    }

    /// <summary>Before opset 13 these ops flattened their input to 2-D at 'axis'; spell that out.</summary>
    static void CoerceTo2D(GraphEditor g, NodeProto node)
    {
        var input = node.Input[0];
        var output = node.Output[0];
        node.Input[0] = g.Node("Flatten", [input], Attributes.Int("axis", node.GetInt("axis", 1)));
        node.Output[0] = g.FreshName(output);
        node.Set(Attributes.Int("axis", 1));
        var reshape = new NodeProto { OpType = "Reshape", Name = g.FreshName("Reshape"), Input = { node.Output[0], g.Node("Shape", [input]) } };
        reshape.Output.Add(output);
        g.Graph.Node.Add(reshape);
    }
}
