using DeepDream.Graph;
using Onnx;

namespace DeepDream.Models;

/// <summary>
/// The embedded default: the pretrained ImageNet ResNet18 that the NuGet package
/// Microsoft.ML.DnnImageFeaturizer.ResNet18 ships (exported from CNTK). Its tensors have CNTK's
/// generated names; here they get the names ResNet users know (conv1, layer1 … layer4, layerN.B).
/// </summary>
static class ResNet18
{
    public const string Name = "resnet18";
    const string Folder = "DnnImageModels";

    public static DreamModel Load()
    {
        var graph = OnnxModelFile.Read(Path.Combine(AppContext.BaseDirectory, Folder, "ResNet18Onnx", "ResNet18.onnx"));
        UseSizeIndependentPadding(graph);
        var layers = NameLayers(graph);
        return new DreamModel(Name, graph, new ImageConvention(true, 1, ChannelMeans(), [1, 1, 1]), layers,
            new Dictionary<string, string>
            {
                ["edges"] = "conv1",
                ["textures"] = "layer1",
                ["patterns"] = "layer2",
                ["parts"] = "layer3.0",
                ["objects"] = "layer4.0",
            },
            // Eyes and dog faces everywhere: the classic DeepDream look (compare Inception's mixed4c/4d).
            defaultLayer: "layer3",
            mainLayers: ["conv1", "layer1", "layer2", "layer3", "layer4"]);
    }

    /// <summary>
    /// CNTK wrote its "same" padding as explicit pads computed for 224x224 (e.g. 3,3 before and 2,2
    /// after a 7x7 stride-2 window). At other sizes those pads misalign the residual branches, so
    /// they become what CNTK meant: SAME padding with the extra row and column before.
    /// </summary>
    static void UseSizeIndependentPadding(ModelProto graph)
    {
        foreach (var node in graph.Graph.Node.Where(n => n.OpType is "Conv" or "MaxPool"))
        {
            node.Remove("pads");
            node.Set(Attributes.String("auto_pad", "SAME_LOWER"));
        }
    }

    /// <summary>The package's preprocessing model subtracts a 224x224 BGR mean image; its per-channel means work at any size.</summary>
    static float[] ChannelMeans()
    {
        var prep = OnnxModelFile.Read(Path.Combine(AppContext.BaseDirectory, Folder, "ResNetPrepOnnx", "ResNetPreprocess.onnx"));
        var mean = Tensors.ToFloats(prep.Graph.Initializer.Single(t => t.Name == "MeanImage"));
        var plane = mean.Length / 3;
        return [.. Enumerable.Range(0, 3).Select(c => (float)mean.Skip(c * plane).Take(plane).Average())];
    }

    /// <summary>
    /// Walks the residual blocks in order: each block ends in an Add followed by a Relu. A new stage
    /// starts where a block's shortcut has its own (1x1, downsampling) convolution.
    /// </summary>
    static List<Layer> NameLayers(ModelProto graph)
    {
        var nodes = graph.Graph.Node;
        var producer = nodes.SelectMany(n => n.Output.Select(o => (o, n))).ToDictionary(p => p.o, p => p.n);
        bool IsShortcutConv(string tensor) => producer.TryGetValue(tensor, out var bn) && bn.OpType == "BatchNormalization"
            && producer[bn.Input[0]] is { OpType: "Conv" } conv && conv.GetInts("kernel_shape")![0] == 1;

        var layers = new List<Layer>
        {
            new("conv1", nodes.First(n => n.OpType == "Relu").Output[0]),
            new("maxpool", nodes.First(n => n.OpType == "MaxPool").Output[0]),
        };
        var (stage, block) = (1, 0);
        var adds = nodes.Where(n => n.OpType == "Add").ToList();
        foreach (var add in adds)
        {
            if (block > 0 && add.Input.Any(IsShortcutConv)) (stage, block) = (stage + 1, 0);
            var inner = nodes.Take(nodes.IndexOf(add)).Last(n => n.OpType == "Relu");
            var output = nodes.First(n => n.OpType == "Relu" && n.Input[0] == add.Output[0]).Output[0];
            layers.Add(new($"layer{stage}.{block}.conv1", inner.Output[0]));
            layers.Add(new($"layer{stage}.{block}", output));
            block++;
            var next = adds.ElementAtOrDefault(adds.IndexOf(add) + 1);
            if (next is null || next.Input.Any(IsShortcutConv)) layers.Add(new($"layer{stage}", output));
        }
        return layers;
    }
}
