using DeepDream.Graph;
using DeepDream.Importers.TensorFlow.Proto;

namespace DeepDream.Importers.TensorFlow;

/// <summary>
/// A GraphDef's nodes, checked to be uniquely named and to read only nodes that exist, in an order
/// where every node comes after the nodes it reads. Frozen graphs are usually stored that way, but
/// nothing in the format promises it.
/// </summary>
static class NodeOrder
{
    public static IReadOnlyList<TfNode> Sort(GraphDef graph)
    {
        var nodes = new Dictionary<string, TfNode>();
        foreach (var def in graph.Node)
        {
            var node = new TfNode(def);
            if (node.Name.Length == 0) throw new DeepDreamException($"the TensorFlow graph has a {def.Op} node without a name; the file is damaged");
            if (!nodes.TryAdd(node.Name, node)) throw node.Fail("is defined twice");
        }
        foreach (var node in nodes.Values)
            if (node.Inputs.FirstOrDefault(i => !nodes.ContainsKey(i)) is { } missing)
                throw node.Fail($"reads '{missing}', which no node of the graph produces");
        return DependencyOrder.Of(nodes.Values, n => [.. n.Inputs.Select(i => nodes[i])], n => n.Fail("is part of a cycle"));
    }
}
