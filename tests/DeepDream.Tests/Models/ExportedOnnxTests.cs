using DeepDream.Dreaming;
using DeepDream.Models;
using DeepDream.Tests.Support;
using Onnx;
using Xunit;
using static DeepDream.Graph.Attributes;

namespace DeepDream.Tests.Models;

/// <summary>What torch.onnx.export writes that our graph editing must take as it is.</summary>
public class ExportedOnnxTests
{
    [Fact]
    public void ConstantNodesAndOpset13ReductionsAreDifferentiated()
    {
        // DenseNet's and Inception v3's padded pools take their pads from Constant nodes; ConvNeXt's layer norm
        // reduces with an axes attribute, which opset 13 keeps for every reduction but ReduceSum.
        var g = new TinyGraph(1, 3, 32, 32);
        g.Model.OpsetImport.Single().Version = 13;
        var r = new Random(3);
        var conv = g.Op("Relu", [g.Op("Conv", [TinyGraph.X, g.Random(r, 6, 3, 3, 3)], Ints("pads", [1L, 1, 1, 1]))]);
        var pads = g.Op("Constant", [], new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor,
            T = DeepDream.Graph.Tensors.Int64("", [0, 0, 1, 1, 0, 0, 1, 1], 8) });
        var pooled = g.Op("AveragePool", [g.Op("Pad", [conv, pads], String("mode", "constant"))], Ints("kernel_shape", [2L, 2]), Ints("strides", [2L, 2]));
        var centred = g.Op("Sub", [pooled, g.Op("ReduceMean", [pooled], Ints("axes", [1L]))]);
        var path = TestImages.TempPath("exported.onnx");
        g.G.NodeInto("block_output", "Relu", [g.Op("Conv", [centred, g.Random(r, 6, 6, 1, 1)])]);
        g.Save(path);

        var model = ModelCatalog.Load(path);
        var report = GradientCheck.Run(model, ["block_output"], size: 40);
        Assert.True(report.Passed, string.Join("; ", report.Checks.Select(c => $"{c.Layer} {c.RelativeError} {c.Error}")));
        Assert.False(report.Checks.Single().Flat);
    }

    [Fact]
    public void AGateStuckAtAHalfIsFlatNotAFailure()
    {
        // A squeeze-excite gate of random-init weights near zero: σ(≈0) = ½ everywhere, its objective exactly ¼.
        var g = new TinyGraph(1, 3, 16, 16);
        var r = new Random(1);
        var conv = g.Op("Conv", [g.Op("GlobalAveragePool", [TinyGraph.X]), g.Random(r, 4, 3, 1, 1)]);
        g.G.NodeInto("gate", "Sigmoid", [g.Op("Mul", [conv, g.G.Scalar(1e-12f)])]);
        var path = TestImages.TempPath("gate.onnx");
        g.Save(path);

        var check = GradientCheck.Run(ModelCatalog.Load(path), ["gate"], size: 32).Checks.Single();
        Assert.True(check is { Flat: true, Passed: true, Error: null }, $"{check}");
    }

    [Fact]
    public void AClassifierHeadIsCheckedAtTheFilesOwnSize()
    {
        // AlexNet's and VGG's heads flatten a fixed grid into a Gemm: at another size the layer does not exist.
        var g = new TinyGraph(1, 3, 16, 16);
        var r = new Random(2);
        var features = g.Op("Relu", [g.Op("Conv", [TinyGraph.X, g.Random(r, 2, 3, 3, 3)], Ints("pads", [1L, 1, 1, 1]))]);
        g.G.NodeInto("head", "Relu", [g.Op("Gemm", [g.Op("Flatten", [features]), g.Random(r, 5, 2 * 16 * 16)], Int("transB", 1))]);
        var path = TestImages.TempPath("head.onnx");
        g.Save(path);

        var model = ModelCatalog.Load(path);
        Assert.Equal(16, model.DeclaredSize);
        Assert.Equal(["head"], model.FixedSize.Intersect(model.Layers.Select(l => l.Tensor)));
        var check = GradientCheck.Run(model, ["head"], size: 24).Checks.Single();
        Assert.True(check is { Passed: true, Size: 16 }, $"{check}");
    }

    [Fact]
    public void AChannelShuffleComputedFromShapesDreamsAtAnySize()
    {
        // ShuffleNet's x.view(n, 2, c / 2, h, w), exported with dynamic axes: Shape → Gather → Div → Concat → Reshape.
        var g = new TinyGraph(1, 3, 16, 16);
        var r = new Random(4);
        var x = g.Op("Relu", [g.Op("Conv", [TinyGraph.X, g.Random(r, 4, 3, 3, 3)], Ints("pads", [1L, 1, 1, 1]))]);
        var shape = g.Op("Shape", [x]);
        string Dim(long axis) => g.Op("Gather", [shape, g.G.Int64s([axis])], Int("axis", 0));
        var grouped = g.Op("Concat", [Dim(0), g.G.Int64s([2]), g.Op("Div", [Dim(1), g.G.Int64s([2])]), Dim(2), Dim(3)], Int("axis", 0));
        var swapped = g.Op("Transpose", [g.Op("Reshape", [x, grouped])], Ints("perm", [0L, 2, 1, 3, 4]));
        var shuffled = g.Op("Reshape", [swapped, g.Op("Concat", [Dim(0), Dim(1), Dim(2), Dim(3)], Int("axis", 0))]);
        g.G.NodeInto("block_output", "Relu", [g.Op("Conv", [shuffled, g.Random(r, 4, 4, 1, 1)])]);
        var path = TestImages.TempPath("shuffle.onnx");
        g.Save(path);

        var check = GradientCheck.Run(ModelCatalog.Load(path), ["block_output"], size: 24).Checks.Single();
        Assert.True(check is { Passed: true, Flat: false, Size: 24, Error: null }, $"{check}");
    }

    [Fact]
    public void WeightsInExternalFilesAreRefusedBeforeAnythingOpensThem()
    {
        // torch.onnx.export writes a model over 2 GB (regnet_y_128gf) with its weights in files beside it; a hostile
        // file could name any path there.
        var g = new TinyGraph(1, 3, 16, 16);
        var r = new Random(6);
        g.G.NodeInto("block_output", "Relu", [g.Op("Conv", [TinyGraph.X, g.Random(r, 2, 3, 3, 3)])]);
        var weight = g.Model.Graph.Initializer[0];
        weight.RawData = Google.Protobuf.ByteString.Empty;
        weight.FloatData.Clear();
        weight.DataLocation = TensorProto.Types.DataLocation.External;
        weight.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "/etc/passwd" });
        var path = TestImages.TempPath("external.onnx");
        g.Save(path);

        var error = Assert.Throws<DeepDream.DeepDreamException>(() => ModelCatalog.Load(path));
        Assert.Contains("external data", error.Message);
        Assert.DoesNotContain("\n", error.Message);
    }
}
