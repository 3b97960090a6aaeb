using DeepDream.Graph;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace DeepDream.Runtime;

/// <summary>
/// The concrete shape of every tensor of a graph whose input shape is fixed. ONNX Runtime's own
/// shape inference (run when it loads a model) is the authority, so it is asked rather than re-implemented.
/// </summary>
public static class ShapeInference
{
    public static Dictionary<string, long[]> Infer(ModelProto model)
    {
        var probe = GraphCopy.SharingWeights(model);
        var graph = probe.Graph;
        var declared = graph.Output.Select(o => o.Name).ToHashSet();
        foreach (var name in graph.Node.SelectMany(n => n.Output).Where(o => o.Length > 0 && !declared.Contains(o)))
            graph.Output.Add(new ValueInfoProto { Name = name });
        graph.ValueInfo.Clear();

        using var session = Ort.Session(probe, GraphOptimizationLevel.ORT_DISABLE_ALL);
        var shapes = new Dictionary<string, long[]>();
        foreach (var (name, meta) in session.InputMetadata.Concat(session.OutputMetadata))
        {
            if (!meta.IsTensor) continue;
            var dims = meta.Dimensions.Select(d => (long)d).ToArray();
            if (dims.Any(d => d < 0)) throw new DeepDreamException($"the shape of tensor '{name}' cannot be determined for this input size");
            shapes[name] = dims;
        }
        foreach (var t in graph.Initializer) shapes[t.Name] = [.. t.Dims];
        return shapes;
    }
}
