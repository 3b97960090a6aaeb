using DeepDream.Graph;
using Onnx;

namespace DeepDream.Models;

/// <summary>
/// A network ready to dream with: its graph (one opset, one NCHW image input), how it wants pixels,
/// and its layers by friendly name with the presets that pick a look.
/// </summary>
public sealed class DreamModel
{
    /// <summary>The name of the input of every graph <see cref="ForImage"/> makes: an RGB 0..255 NCHW image.</summary>
    public const string ImageInput = "deepdream_image";

    /// <summary>The metadata under which <see cref="ForImage"/> records the size the file declares (Runtime's ExportedReshapes reads it).</summary>
    public const string DeclaredSizeKey = "deepdream.declared_size";

    readonly ModelProto graph;
    readonly string networkInput;

    /// <summary>Wraps a network; the graph is changed in place (weights listed as inputs dropped, moved to one opset), so pass one no one else uses.</summary>
    /// <param name="name">What results and messages call the model: its catalog name or its file's name.</param>
    /// <param name="graph">An ONNX graph with one float32 NCHW image input of 3 channels.</param>
    /// <param name="convention">How the network wants its pixels.</param>
    /// <param name="layers">The layers users know by name.</param>
    /// <param name="presets">Looks (edges, textures, patterns, parts, objects) mapped to layer names.</param>
    /// <param name="defaultLayer">The layer dreamed on when none is named.</param>
    /// <param name="mainLayers">See <see cref="MainLayers"/>.</param>
    /// <exception cref="DeepDreamException">The graph has not exactly one such image input, or its opset cannot be upgraded (see <see cref="OpsetUpgrade.Apply"/>).</exception>
    public DreamModel(string name, ModelProto graph, ImageConvention convention, IReadOnlyList<Layer> layers,
        IReadOnlyDictionary<string, string> presets, string defaultLayer, IReadOnlyList<string> mainLayers)
    {
        Name = name;
        Convention = convention;
        Layers = layers;
        Presets = presets;
        DefaultLayer = defaultLayer;
        MainLayers = mainLayers;
        this.graph = graph;
        networkInput = NetworkInputs.Normalize(name, graph);
        var dims = graph.Graph.Input.Single().Type.TensorType.Shape.Dim;
        if (dims[2].DimValue > 0 && dims[2].DimValue == dims[3].DimValue) DeclaredSize = (int)dims[2].DimValue;
        OpsetUpgrade.Apply(graph);
    }

    /// <summary>What results and messages call the model: its catalog name, or the file's name for a model loaded from a path.</summary>
    public string Name { get; }

    /// <summary>The square input size the file declares (224 for most exports), if it declares one; dreams take any size.</summary>
    public int? DeclaredSize { get; }
    /// <summary>How the network wants its pixels; <see cref="ForImage"/> builds it into the graph, so callers always feed RGB 0..255.</summary>
    public ImageConvention Convention { get; }
    /// <summary>The layers users know by name; <see cref="Layer(string)"/> also takes presets and raw tensor names.</summary>
    public IReadOnlyList<Layer> Layers { get; }

    /// <summary>Looks by name (edges, textures, patterns, parts, objects) mapped to layers of this network.</summary>
    public IReadOnlyDictionary<string, string> Presets { get; }

    /// <summary>The layer dreamed on when the options name none.</summary>
    public string DefaultLayer { get; }

    /// <summary>For TensorFlow graphs: how many Conv2D layers and feature channels, as the DeepDream notebook counts them.</summary>
    public (int Layers, long Channels)? Convolutions { get; init; }

    /// <summary>Tensors past a flattened feature map (a classifier on a fixed grid): they exist only at <see cref="DeclaredSize"/>.</summary>
    public IReadOnlySet<string> FixedSize { get; init; } = new HashSet<string>();

    /// <summary>A handful of layers from shallow to deep that together exercise the whole network.</summary>
    public IReadOnlyList<string> MainLayers { get; }

    /// <summary>Resolves a layer name, a preset, or a raw tensor name of the graph.</summary>
    public Layer Layer(string nameOrPreset)
    {
        var name = Presets.GetValueOrDefault(nameOrPreset, nameOrPreset);
        if (Layers.FirstOrDefault(l => l.Name == name) is { } layer) return layer;
        if (graph.Graph.Node.Any(n => n.Output.Contains(name))) return new(name, name);
        var hint = string.Join(", ", Presets.Keys.Concat(MainLayers).Distinct());
        throw new DeepDreamException($"model '{Name}' has no layer '{Excerpt.Of(nameOrPreset)}'; try one of {hint}, or list all with 'deepdream layers --model {Name}'");
    }

    /// <summary>
    /// A copy of the graph for one image size, fed by an RGB 0..255 NCHW image named <see cref="ImageInput"/>.
    /// </summary>
    public ModelProto ForImage(int height, int width)
    {
        var copy = GraphCopy.SharingWeights(graph);
        copy.Graph.Input.Clear();
        copy.Graph.Input.Add(ValueInfos.Float(ImageInput, 1, 3, height, width));
        Convention.Apply(new GraphEditor(copy), ImageInput, networkInput);
        TopologicalOrder.Sort(copy.Graph);
        if (DeclaredSize is { } size) copy.MetadataProps.Add(new StringStringEntryProto { Key = DeclaredSizeKey, Value = $"{size}x{size}" });
        return copy;
    }
}
