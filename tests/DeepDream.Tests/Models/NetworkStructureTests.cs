using DeepDream.Models;
using DeepDream.Tests.Support;
using Xunit;
using static DeepDream.Graph.Attributes;

namespace DeepDream.Tests.Models;

/// <summary>The looks of a network nobody mapped, read from where its blocks end.</summary>
public class NetworkStructureTests
{
    [Fact]
    public void ALooksLadderComesFromTheResidualBlocksByStride()
    {
        // A miniature ResNet: a stride-2 stem, then residual blocks at 1/4, 1/8 (two), 1/16 (three) and 1/32.
        var g = new TinyGraph(1, 3, 64, 64);
        var r = new Random(5);
        string Conv(string x, long from, long to, long kernel, long stride) =>
            g.Op("Conv", [x, g.Random(r, to, from, kernel, kernel)], Ints("strides", [stride, stride]), Ints("pads", Enumerable.Repeat(kernel / 2, 4)));
        g.G.NodeInto("stem", "Relu", [Conv(TinyGraph.X, 3, 4, 3, 2)]);
        var x = "stem";
        string Block(string input, string name, long stride)
        {
            var inner = g.Op("Relu", [Conv(input, 4, 4, 3, stride)]);
            var skip = stride == 1 ? input : Conv(input, 4, 4, 1, stride);
            g.G.NodeInto(name, "Relu", [g.Op("Add", [Conv(inner, 4, 4, 3, 1), skip])]);
            return name;
        }
        foreach (var (name, stride) in new[] { ("quarter", 2L), ("eighth1", 2), ("eighth2", 1), ("sixteenth1", 2), ("sixteenth2", 1), ("sixteenth3", 1), ("last", 2) })
            x = Block(x, name, stride);
        g.Op("GlobalAveragePool", [x]);
        var path = TestImages.TempPath("blocks.onnx");
        g.Save(path);

        var model = ModelCatalog.Load(path);
        var graph = Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)).Graph;
        var blocks = NetworkStructure.Read(graph, TinyGraph.X).Blocks;
        Assert.Equal(["stem", "quarter", "eighth1", "eighth2", "sixteenth1", "sixteenth2", "sixteenth3", "last"], blocks.Select(b => b.Tensor));
        Assert.Equal([2L, 4, 8, 8, 16, 16, 16, 32], blocks.Select(b => b.Stride));
        Assert.Equal(3 + 2 * 2 + 2 * 4, blocks[1].ReceptiveField);   // the stem's 3x3, a 3x3 over its pixels 2 apart, a 3x3 over the block's 4 apart
        Assert.Equal(new Dictionary<string, string>
        {
            ["edges"] = "stem", ["textures"] = "eighth1", ["patterns"] = "eighth2", ["parts"] = "sixteenth2", ["objects"] = "sixteenth3",
        }, model.Presets);
        Assert.Equal("sixteenth2", model.DefaultLayer);
    }

    [Fact]
    public void TheCatalogResNetsBlocksGiveItsOwnStages()
    {
        // The pretrained ResNet18 (an ONNX file converted by ML.NET, tensors named ReLU253…) read as if nobody had mapped it.
        var model = ModelCatalog.Load("resnet18");
        var names = model.Layers.GroupBy(l => l.Tensor).ToDictionary(l => l.Key, l => l.Last().Name);
        var looks = LayerPresets.FromBlocks(NetworkStructure.Read(model.ForImage(224, 224).Graph, DreamModel.ImageInput).Blocks);
        Assert.NotNull(looks);
        Assert.Equal(["conv1", "layer2.0", "layer2", "layer3.0", "layer3"], LayerPresets.Looks.Select(look => names[looks.Value.Looks[look]]));
        Assert.Equal("layer3", names[looks.Value.Default]);
    }
}
