using DeepDream.Graph;
using Onnx;

namespace DeepDream.Autodiff;

/// <summary>
/// Reverse-mode differentiation over an ONNX graph: walks the forward nodes backwards and lets each
/// op's builder append the nodes that compute its input gradients, summing where tensors fan out.
/// </summary>
internal static class Backward
{
    /// <summary>Appends the gradient of Σ⟨seed, tensor⟩ with respect to <paramref name="wrt"/>, and returns its name.</summary>
    /// <param name="shapes">Every forward tensor's concrete shape.</param>
    /// <param name="seeds">Gradients injected at forward tensors (the objective's gradient at its layers).</param>
    public static string Build(GraphEditor g, IReadOnlyDictionary<string, long[]> shapes, string wrt,
        IEnumerable<(string Tensor, string Gradient)> seeds, GradientRegistry? registry = null)
    {
        registry ??= GradientRegistry.Default;
        var pending = new Dictionary<string, List<string>>();
        foreach (var (tensor, gradient) in seeds) Add(pending, tensor, gradient);

        var carries = CarriesGradient(g.Graph, wrt);
        var path = OnPath(g.Graph, carries, pending.Keys);
        foreach (var node in path.Reverse())
        {
            var outputGrads = node.Output.Select(o => Take(g, pending, o)).ToArray();
            if (outputGrads.All(o => o is null)) continue;
            var builder = registry.Find(node.OpType) ?? throw new NotSupportedGradientException(node, "no gradient builder for this op");
            var c = new GradientContext(g, node, shapes, outputGrads, carries.Contains);
            builder.Build(c);
            foreach (var (input, gradient) in c.InputGrads) Add(pending, node.Input[input], gradient);
        }
        return Take(g, pending, wrt) ?? throw new DeepDreamException("the objective does not depend on the input image");
    }

    /// <summary>The nodes that lie between the input and the targets: exactly those whose gradients are needed.</summary>
    public static IReadOnlyList<NodeProto> OnPath(GraphProto graph, string wrt, IEnumerable<string> targets) =>
        OnPath(graph, CarriesGradient(graph, wrt), targets);

    static IReadOnlyList<NodeProto> OnPath(GraphProto graph, HashSet<string> carries, IEnumerable<string> targets)
    {
        var needed = new HashSet<string>(targets);
        var path = new List<NodeProto>();
        foreach (var node in graph.Node.Reverse())
        {
            if (!node.Output.Any(needed.Contains) || !node.Input.Any(carries.Contains) || GradientRegistry.IsConstantValued(node.OpType)) continue;
            path.Add(node);
            needed.UnionWith(node.Input);
        }
        path.Reverse();
        return path;
    }

    /// <summary>Nodes on the path that have no builder, as (op type, node name).</summary>
    public static IReadOnlyList<(string OpType, string Node)> Unsupported(GraphProto graph, string wrt, IEnumerable<string> targets, GradientRegistry? registry = null)
    {
        registry ??= GradientRegistry.Default;
        return OnPath(graph, wrt, targets).Where(n => registry.Find(n.OpType) is null).Select(n => (n.OpType, n.Name)).ToList();
    }

    static HashSet<string> CarriesGradient(GraphProto graph, string wrt)
    {
        var carries = new HashSet<string> { wrt };
        foreach (var node in graph.Node)
            if (!GradientRegistry.IsConstantValued(node.OpType) && node.Input.Any(carries.Contains))
                carries.UnionWith(node.Output);
        return carries;
    }

    static void Add(Dictionary<string, List<string>> pending, string tensor, string gradient)
    {
        if (!pending.TryGetValue(tensor, out var list)) pending[tensor] = list = [];
        list.Add(gradient);
    }

    /// <summary>The total gradient of a tensor: where it fans out, the sum of what each consumer sent back.</summary>
    static string? Take(GraphEditor g, Dictionary<string, List<string>> pending, string tensor)
    {
        if (!pending.Remove(tensor, out var parts)) return null;
        return parts.Count == 1 ? parts[0] : g.Node("Sum", parts);
    }
}
