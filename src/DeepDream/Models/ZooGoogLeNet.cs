using Onnx;

namespace DeepDream.Models;

/// <summary>
/// The ONNX model zoo's GoogLeNet (converted from Caffe's bvlc_googlenet, the network of Google's
/// original DeepDream): tensors carry Caffe's blob names plus an exporter suffix
/// (<c>inception_4c/output_1</c>); users know them without it.
/// </summary>
sealed class ZooGoogLeNet(IReadOnlyList<Layer> layers)
{
    /// <summary>Caffe's ImageNet mean, in BGR order as Caffe feeds it.</summary>
    static readonly ImageConvention Caffe = new(true, 1, [104f, 117f, 123f], [1, 1, 1]);

    public static ZooGoogLeNet? Recognize(IReadOnlyList<Layer> tensors)
    {
        var named = tensors.Select(l => new Layer(Friendly(l.Tensor), l.Tensor)).ToList();
        return named.Any(l => l.Name == "inception_4c/output") ? new ZooGoogLeNet(named) : null;
    }

    public DreamModel Load(string name, ModelProto graph)
    {
        var presets = LayerPresets.Mapped(layers, "conv1/7x7_s2", "inception_3a/output", "inception_4a/output", "inception_4b/output", "inception_4d/output")
            ?? LayerPresets.Spread(layers);
        var main = new[] { "conv1/7x7_s2", "inception_3a/output", "inception_4a/output", "inception_4c/output", "inception_5b/output" }
            .Where(n => layers.Any(l => l.Name == n)).ToList();
        return new DreamModel(name, graph, Caffe, layers, presets, "inception_4c/output", main);
    }

    /// <summary>"inception_4c/output_1" → "inception_4c/output": drops the exporter's numeric suffix.</summary>
    static string Friendly(string tensor)
    {
        var underscore = tensor.LastIndexOf('_');
        return underscore > tensor.LastIndexOf('/') && underscore > 0 && tensor[(underscore + 1)..].All(char.IsDigit) && underscore < tensor.Length - 1
            ? tensor[..underscore] : tensor;
    }
}
