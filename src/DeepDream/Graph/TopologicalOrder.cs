using Onnx;

namespace DeepDream.Graph;

/// <summary>Orders nodes so each comes after the producers of its inputs, as ONNX requires.</summary>
public static class TopologicalOrder
{
    public static void Sort(GraphProto graph)
    {
        var producer = new Dictionary<string, NodeProto>();
        foreach (var n in graph.Node)
            foreach (var o in n.Output) producer[o] = n;
        var done = new HashSet<NodeProto>();
        var ordered = new List<NodeProto>(graph.Node.Count);
        foreach (var root in graph.Node) Visit(root);
        graph.Node.Clear();
        graph.Node.AddRange(ordered);

        void Visit(NodeProto root)
        {
            // Iterative depth-first walk: deep networks would overflow a recursive one.
            var stack = new Stack<(NodeProto node, int next)>();
            if (done.Contains(root)) return;
            stack.Push((root, 0));
            var onStack = new HashSet<NodeProto> { root };
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                if (next < node.Input.Count)
                {
                    stack.Push((node, next + 1));
                    if (producer.TryGetValue(node.Input[next], out var p) && !done.Contains(p))
                    {
                        if (!onStack.Add(p)) throw new DeepDreamException($"the graph has a cycle through node '{p.Name}'");
                        stack.Push((p, 0));
                    }
                    continue;
                }
                onStack.Remove(node);
                if (done.Add(node)) ordered.Add(node);
            }
        }
    }
}
