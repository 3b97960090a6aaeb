using DeepDream.Importers.TensorFlow;
using DeepDream.Importers.TensorFlow.Proto;

namespace DeepDream.Models;

/// <summary>
/// A frozen TensorFlow graph, imported to ONNX. Its layers are named as the DeepDream notebook names
/// them: every convolution (its Conv2D op without "/conv"), every Relu and every Concat.
/// </summary>
public static class TensorFlowModel
{
    /// <summary>The notebook feeds RGB 0..255 minus 117.</summary>
    static readonly ImageConvention Notebook = new(false, 1, [117f, 117f, 117f], [1, 1, 1]);

    /// <summary>Imports a frozen TensorFlow graph (.pb); the notebook's Inception graph gets its looks and default layer (mixed4c), any other graph presets chosen from its layers.</summary>
    /// <param name="name">What results and messages call the model; null: the file's name.</param>
    /// <exception cref="DeepDreamException">The file does not exist, is not a frozen GraphDef, or its graph cannot be imported or has no convolutions.</exception>
    public static DreamModel Load(string path, string? name = null) => FromGraph(GraphDefFile.Read(path), name ?? Path.GetFileName(path));

    internal static DreamModel FromGraph(GraphDef graph, string name)
    {
        var imported = GraphDefImporter.Import(graph);
        var nodes = graph.Node.ToDictionary(n => n.Name);
        var layers = graph.Node
            .Select(n => n.Op switch
            {
                "Conv2D" when n.Name.EndsWith("/conv") && nodes.ContainsKey(n.Name[..^5]) => new Layer(n.Name[..^5], n.Name[..^5]),
                "Conv2D" => new Layer(n.Name, n.Name),
                "Relu" or "Relu6" when IsConvolutional(n) => new Layer(n.Name, n.Name),
                "Concat" or "ConcatV2" => new Layer(n.Name, n.Name),
                _ => null,
            })
            .OfType<Layer>()
            .ToList();
        // Activations of convolutions, not of the classifier's dense layers.
        bool IsConvolutional(NodeDef relu) => nodes.TryGetValue(relu.Input[0], out var pre)
            && (pre.Op == "Conv2D" || (pre.Op == "BiasAdd" && nodes.TryGetValue(pre.Input[0], out var conv) && conv.Op == "Conv2D"));
        if (layers.Count == 0) throw new DeepDreamException($"the TensorFlow graph '{name}' has no convolutions to dream on");

        var inception = LayerPresets.Mapped(layers, "conv2d0", "mixed3a", "mixed4a", "mixed4b", "mixed4d");
        var (presets, defaultLayer) = inception is not null ? (inception, "mixed4c") : LayerPresets.Automatic(imported.Model.Graph, NetworkInputs.Normalize(name, imported.Model), layers);
        var main = inception is not null ? ["conv2d0", "mixed3a", "mixed4a", "mixed4c", "mixed4e", "mixed5b"] : LayerPresets.MainLayers(layers);
        return new DreamModel(name, imported.Model, Notebook, layers, presets, defaultLayer, main)
        {
            Convolutions = (imported.Convolutions.Count, imported.Convolutions.Sum(c => c.Channels)),
        };
    }
}
