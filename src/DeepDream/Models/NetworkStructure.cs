using DeepDream.Graph;
using Onnx;

namespace DeepDream.Models;

/// <summary>A tensor every path from the image to the logits goes through, with how far apart its pixels are and how much of the image each one sees.</summary>
internal sealed record BlockOutput(string Tensor, string OpType, long Stride, long ReceptiveField);

/// <summary>
/// A network's tensors computed from the image (not from its shape), where its blocks end, and the tensors past a
/// flattened feature map (AlexNet's and VGG's classifiers), which exist only at the input size the file declares.
/// </summary>
internal sealed record NetworkStructure(IReadOnlySet<string> FromImage, IReadOnlyList<BlockOutput> Blocks, IReadOnlySet<string> FixedSize)
{
    /// <param name="input">The network's image input.</param>
    public static NetworkStructure Read(GraphProto graph, string input) => BlockOutputs.Find(graph, input);
}

/// <summary>
/// Where a network's blocks end, read from its graph alone: the tensors through which all of the image's information
/// passes (a residual block's sum, an inception module's concatenation, a plain network's every activation), after a
/// nonlinearity or a merge, while the feature map is still spatial. Inside a block, branches and skip connections
/// carry information past a tensor, so it is not one.
/// </summary>
static class BlockOutputs
{
    static readonly HashSet<string> Features = ["Relu", "LeakyRelu", "PRelu", "Elu", "Selu", "Celu", "Clip", "HardSwish", "HardSigmoid",
        "Sigmoid", "Tanh", "Mul", "Add", "Sum", "Concat", "MaxPool", "AveragePool", "LRN", "Gelu"];
    static readonly HashSet<string> Windows = ["Conv", "ConvTranspose", "MaxPool", "AveragePool", "LpPool"];
    static readonly HashSet<string> Pools = ["MaxPool", "AveragePool", "LpPool"];
    static readonly HashSet<string> Collapses = ["GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool", "Flatten", "Gemm", "ArgMax", "Softmax", "LogSoftmax"];

    public static NetworkStructure Find(GraphProto graph, string input)
    {
        var weights = graph.Initializer.ToDictionary(t => t.Name);
        // Each image-derived tensor's window: the pixels between two of its neighbours (its stride) and the span of input it sees.
        var geometry = new Dictionary<string, (long Stride, long Field, bool Spatial)> { [input] = (1, 1, true) };
        var pending = new Dictionary<string, int>();
        foreach (var name in graph.Node.SelectMany(n => n.Input).Concat(graph.Output.Select(o => o.Name))) pending[name] = pending.GetValueOrDefault(name) + 1;
        var live = new HashSet<string> { input };
        var blocks = new List<BlockOutput>();
        var fixedSize = new HashSet<string>();
        foreach (var node in graph.Node)
        {
            var sources = node.Input.Where(geometry.ContainsKey).Distinct().ToList();
            if (sources.Count == 0) continue;
            foreach (var source in sources)
                if ((pending[source] -= node.Input.Count(i => i == source)) == 0) live.Remove(source);
            // Shapes and sizes are arithmetic about the image, not its content.
            if (node.OpType is "Shape" or "Size") continue;
            var into = (Stride: sources.Max(s => geometry[s].Stride), Field: sources.Max(s => geometry[s].Field), Spatial: sources.Any(s => geometry[s].Spatial));
            var output = Through(node, into, weights);
            foreach (var name in node.Output.Where(o => o.Length > 0)) geometry[name] = output;
            if (sources.Any(fixedSize.Contains) || (into.Spatial && !output.Spatial && node.OpType is "Flatten" or "Reshape"))
                fixedSize.UnionWith(node.Output.Where(o => o.Length > 0));
            live.UnionWith(node.Output.Where(o => o.Length > 0 && pending.ContainsKey(o)));
            // Before its first window a network only rescales pixels.
            if (!output.Spatial || output.Field == 1 || live.Count != 1 || !live.Contains(node.Output[0]) || !Features.Contains(node.OpType)) continue;
            var follows = blocks.Count > 0 && blocks[^1].Tensor == node.Input[0];
            // A pool straight after a block output holds the same features, fewer of them; an activation straight
            // after one (a residual sum's ReLU) is where the block really ends.
            if (follows && Pools.Contains(node.OpType)) continue;
            if (follows && sources.Count == 1 && node.Input.Count(i => i.Length > 0) == 1) blocks.RemoveAt(blocks.Count - 1);
            blocks.Add(new(node.Output[0], node.OpType, output.Stride, output.Field));
        }
        return new(geometry.Keys.ToHashSet(), blocks, fixedSize);
    }

    static (long Stride, long Field, bool Spatial) Through(NodeProto node, (long Stride, long Field, bool Spatial) into, Dictionary<string, TensorProto> weights)
    {
        var collapses = node.OpType.StartsWith("Reduce") ? ReducesSpace(node, weights) : Collapses.Contains(node.OpType);
        if (collapses) return (into.Stride, into.Field, false);
        // A Reshape to a matrix is a flatten before a classifier.
        if (node.OpType == "Reshape" && Weight(node, 1, weights) is { } target && Tensors.ElementCount(target.Dims) < 3) return (into.Stride, into.Field, false);
        if (!Windows.Contains(node.OpType)) return into;
        var kernel = node.GetInts("kernel_shape") ?? (Weight(node, 1, weights) is { } w ? [.. w.Dims.Skip(2)] : [1]);
        var strides = node.GetInts("strides") ?? [1];
        var dilations = node.GetInts("dilations") ?? [1];
        var span = kernel.Select((k, i) => (k - 1) * (i < dilations.Length ? dilations[i] : 1)).DefaultIfEmpty(0).Max();
        return (into.Stride * strides.DefaultIfEmpty(1).Max(), into.Field + span * into.Stride, into.Spatial);
    }

    /// <summary>Whether a reduction averages over height or width (a squeeze-and-excite gate's pooling) rather than over channels (a layer norm).</summary>
    static bool ReducesSpace(NodeProto node, Dictionary<string, TensorProto> weights)
    {
        var axes = node.GetInts("axes") ?? (Weight(node, 1, weights) is { } t ? Tensors.ToInt64s(t) : null);
        return axes is null || (axes.Any(a => a is 2 or 3 or -1 or -2) && !axes.SequenceEqual([-1L]));
    }

    static TensorProto? Weight(NodeProto node, int input, Dictionary<string, TensorProto> weights) =>
        input < node.Input.Count && weights.TryGetValue(node.Input[input], out var weight) ? weight : null;
}
