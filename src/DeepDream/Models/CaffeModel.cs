using DeepDream.Graph;
using DeepDream.Importers.Caffe;
using DeepDream.Importers.Caffe.Proto;

namespace DeepDream.Models;

/// <summary>
/// A Caffe network from its .caffemodel, with its deploy definition when one lies beside it (NAME.prototxt or
/// deploy.prototxt). Its layers are Caffe's blob names; a known network gets its mean and looks, any other
/// ImageNet's BGR mean and looks spread over its blobs.
/// </summary>
internal static class CaffeModel
{
    const string Hint = "a Caffe .caffemodel weights file";

    public static DreamModel Load(string path, string? name = null)
    {
        var trained = ReadWeights(path);
        var deploy = DeployBeside(path) is { } definition ? Prototxt.ParseFile<NetParameter>(definition) : trained;
        var imported = CaffeImporter.Import(deploy, trained);
        name ??= Path.GetFileName(path);
        var layers = imported.Blobs.Select(b => new Layer(b.Name, b.Tensor)).ToList();
        if (layers.Count == 0) throw new DeepDreamException($"'{path}' has no layers after its input to dream on");
        if (CaffeNetworks.Recognize(imported.Blobs) is { } known)
            return new DreamModel(name, imported.Model, known.Convention, layers, LayerPresets.Mapped(layers, known.Looks)!, known.DefaultLayer, known.MainLayers);
        var (presets, defaultLayer) = LayerPresets.Automatic(imported.Model.Graph, NetworkInputs.Normalize(name, imported.Model), layers);
        return new DreamModel(name, imported.Model, CaffeNetworks.BvlcGoogLeNet.Convention, layers, presets, defaultLayer, LayerPresets.MainLayers(layers));
    }

    /// <summary>The binary NetParameter, checked to hold layers with weights: another protobuf (an ONNX file renamed) parses, but holds none.</summary>
    public static NetParameter ReadWeights(string path)
    {
        var net = ProtobufFile.Read(path, NetParameter.Parser, "Caffe model", Hint);
        if (!net.Layer.Any(l => l.Blobs.Count > 0 && l.Name.Length > 0) && !net.Layers.Any(l => l.Blobs.Count > 0 && l.Name.Length > 0))
            throw new DeepDreamException($"'{path}' is not a Caffe model: it holds no named layers with weights; pass {Hint}");
        return net;
    }

    /// <summary>The deploy definition of a weights file: NAME.prototxt, NAME.deploy.prototxt or deploy.prototxt beside it.</summary>
    static string? DeployBeside(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var stem = Path.GetFileNameWithoutExtension(path);
        return new[] { $"{stem}.prototxt", $"{stem}.deploy.prototxt", "deploy.prototxt" }.Select(f => Path.Combine(folder, f)).FirstOrDefault(File.Exists);
    }
}
