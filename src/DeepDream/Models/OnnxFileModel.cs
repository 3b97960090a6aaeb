using DeepDream.Graph;
using Onnx;

namespace DeepDream.Models;

/// <summary>
/// Any ONNX image network a user brings. Its layers are its feature maps under their tensor names;
/// its pixels are assumed to follow torchvision's convention, the most common one for exported models.
/// </summary>
static class OnnxFileModel
{
    static readonly HashSet<string> FeatureOps = ["Relu", "LeakyRelu", "Clip", "Sigmoid", "Concat", "Add", "Sum", "MaxPool", "AveragePool", "LRN"];

    public static DreamModel Load(string path)
    {
        var graph = OnnxModelFile.Read(path);
        var name = Path.GetFileName(path);
        var input = NetworkInputs.Normalize(name, graph);
        var structure = NetworkStructure.Read(graph.Graph, input);
        var layers = FeatureMaps(graph, structure);
        if (layers.Count == 0) throw new DeepDreamException($"'{path}' has no convolutional feature maps to dream on");
        if (ZooGoogLeNet.Recognize(layers) is { } googlenet) return googlenet.Load(name, graph);
        var (presets, defaultLayer) = LayerPresets.Automatic(graph.Graph, input, layers);
        return new DreamModel(name, graph, ImageConvention.Torchvision, layers, presets, defaultLayer, LayerPresets.MainLayers(layers))
        {
            FixedSize = structure.FixedSize,
        };
    }

    /// <summary>
    /// Outputs of activations, merges, pools and blocks, plus convolutions that feed straight into an
    /// activation (the "pre_relu" tensors the DeepDream notebook dreams on).
    /// </summary>
    static List<Layer> FeatureMaps(ModelProto graph, NetworkStructure structure)
    {
        var blocks = structure.Blocks.Select(b => b.Tensor).ToHashSet();
        var consumers = graph.Graph.Node.SelectMany(n => n.Input.Select(i => (i, n))).ToLookup(p => p.i, p => p.n);
        return graph.Graph.Node
            .Where(n => structure.FromImage.Contains(n.Output[0]))
            .Where(n => FeatureOps.Contains(n.OpType) || blocks.Contains(n.Output[0]) || (n.OpType == "Conv" && consumers[n.Output[0]].Any(c => c.OpType != "BatchNormalization")))
            .Select(n => new Layer(n.Output[0], n.Output[0]))
            .ToList();
    }
}
