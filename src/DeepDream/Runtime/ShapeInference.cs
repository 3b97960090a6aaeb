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
    /// <summary>The shape of every tensor of a model whose input shape is fixed, by tensor name; the model is left as it is.</summary>
    /// <exception cref="DeepDreamException">A tensor's shape cannot be determined for this input size.</exception>
    public static Dictionary<string, long[]> Infer(ModelProto model)
    {
        var specialized = GraphCopy.SharingWeights(model);
        SizeSpecialization.Apply(specialized);
        return InferSpecialized(specialized);
    }

    /// <summary>The shapes of a graph <see cref="SizeSpecialization"/> has already been applied to: nothing is folded again.</summary>
    public static Dictionary<string, long[]> InferSpecialized(ModelProto model)
    {
        var shapes = Known(model);
        if (model.Graph.Node.SelectMany(n => n.Output).FirstOrDefault(o => o.Length > 0 && !shapes.ContainsKey(o)) is { } unknown)
            throw new DeepDreamException($"the shape of tensor '{unknown}' cannot be determined for this input size");
        return shapes;
    }

    /// <summary>The shapes ONNX Runtime can tell without evaluating anything; tensors whose shapes depend on values are left out.</summary>
    internal static Dictionary<string, long[]> Known(ModelProto model)
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
            if (dims.All(d => d >= 0)) shapes[name] = dims;
        }
        foreach (var t in graph.Initializer) shapes[t.Name] = [.. t.Dims];
        return shapes;
    }

    /// <summary>
    /// Adds the shapes of the nodes appended to a graph after its shapes were inferred (from node <paramref name="first"/> on):
    /// inferred on those nodes alone, their inputs at the shapes already known, so the network is not loaded again.
    /// </summary>
    public static void Extend(ModelProto model, Dictionary<string, long[]> shapes, int first)
    {
        var added = model.Graph.Node.Skip(first).ToList();
        if (added.Count == 0) return;
        var produced = added.SelectMany(n => n.Output).ToHashSet();
        var consumed = added.SelectMany(n => n.Input).Where(i => i.Length > 0 && !produced.Contains(i)).Distinct().ToList();
        var constants = model.Graph.Initializer.Where(t => consumed.Contains(t.Name)).ToList();
        var constantNames = constants.Select(t => t.Name).ToHashSet();
        var graph = new GraphProto { Name = "appended" };
        graph.Node.AddRange(added.Select(n => n.Clone()));
        graph.Initializer.AddRange(constants);
        // What the appended nodes read of the network: its float tensors.
        foreach (var input in consumed.Where(i => !constantNames.Contains(i)))
            graph.Input.Add(ValueInfos.Float(input, [.. shapes[input].Select(d => (long?)d)]));
        var probe = new ModelProto { IrVersion = model.IrVersion, Graph = graph };
        probe.OpsetImport.AddRange(model.OpsetImport.Select(o => o.Clone()));
        foreach (var (name, shape) in Infer(probe)) shapes.TryAdd(name, shape);
    }
}
