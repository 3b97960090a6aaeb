namespace DeepDream.Graph;

/// <summary>Orders the nodes of any graph (ONNX, TensorFlow) so that each comes after the nodes it depends on.</summary>
internal static class DependencyOrder
{
    /// <param name="cycle">The error for a node found on a cycle.</param>
    public static List<T> Of<T>(IReadOnlyCollection<T> nodes, Func<T, IReadOnlyList<T>> dependencies, Func<T, Exception> cycle) where T : class
    {
        var placed = new HashSet<T>(ReferenceEqualityComparer.Instance);
        var onPath = new HashSet<T>(ReferenceEqualityComparer.Instance);
        var order = new List<T>(nodes.Count);
        foreach (var root in nodes)
        {
            if (placed.Contains(root)) continue;
            // Depth-first with an explicit stack: real networks are hundreds of nodes deep.
            var stack = new Stack<(T Node, IReadOnlyList<T> Needs, int Next)>([(root, dependencies(root), 0)]);
            onPath.Add(root);
            while (stack.TryPop(out var top))
            {
                if (top.Next == top.Needs.Count)
                {
                    onPath.Remove(top.Node);
                    placed.Add(top.Node);
                    order.Add(top.Node);
                    continue;
                }
                stack.Push(top with { Next = top.Next + 1 });
                var need = top.Needs[top.Next];
                if (placed.Contains(need)) continue;
                if (!onPath.Add(need)) throw cycle(need);
                stack.Push((need, dependencies(need), 0));
            }
        }
        return order;
    }
}
