using Onnx;

namespace DeepDream.Graph;

/// <summary>Orders nodes so each comes after the producers of its inputs, as ONNX requires.</summary>
internal static class TopologicalOrder
{
    public static void Sort(GraphProto graph)
    {
        var producer = new Dictionary<string, NodeProto>();
        foreach (var n in graph.Node)
            foreach (var o in n.Output) producer[o] = n;
        var ordered = DependencyOrder.Of(graph.Node,
            n => [.. n.Input.Where(producer.ContainsKey).Select(i => producer[i])],
            n => new DeepDreamException($"the graph has a cycle through node '{n.Name}'"));
        graph.Node.Clear();
        graph.Node.AddRange(ordered);
    }
}
