using Onnx;

namespace DeepDream.Graph;

/// <summary>Cuts a graph down to what the given tensors need.</summary>
internal static class Pruning
{
    /// <summary>Keeps only the nodes and constants the outputs depend on, and makes them the graph's outputs.</summary>
    public static void KeepOnly(GraphProto graph, IReadOnlyCollection<string> outputs)
    {
        var needed = new HashSet<string>(outputs);
        var kept = new List<NodeProto>();
        foreach (var node in graph.Node.Reverse())
        {
            if (!node.Output.Any(needed.Contains)) continue;
            kept.Add(node);
            needed.UnionWith(node.Input.Where(i => i.Length > 0));
        }
        kept.Reverse();
        graph.Node.Clear();
        graph.Node.AddRange(kept);

        var initializers = graph.Initializer.Where(t => needed.Contains(t.Name)).ToList();
        graph.Initializer.Clear();
        graph.Initializer.AddRange(initializers);

        graph.Output.Clear();
        graph.Output.AddRange(outputs.Select(o => new ValueInfoProto { Name = o }));
        graph.ValueInfo.Clear();
    }
}
