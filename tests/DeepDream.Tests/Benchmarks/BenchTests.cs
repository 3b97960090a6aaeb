using System.Text.Json;
using DeepDream.Benchmarks;
using DeepDream.Benchmarks.Peer;
using DeepDream.Dreaming.Objectives;
using DeepDream.Models;
using DeepDream.Tests.Support;
using Xunit;
using static DeepDream.Graph.Attributes;

namespace DeepDream.Tests.Benchmarks;

/// <summary>What the bench counts and what it hands the PyTorch peer (the peer itself needs python3-torch and runs in `bench --peer`).</summary>
public class BenchTests
{
    [Fact]
    public void AGradientIterationCountsTwiceTheForwardConvolutions()
    {
        // A 3x3 Conv, 4 → 8 channels, stride 2 on 16x16: 8·8 outputs x 8 filters x 4·3·3 weights, 2 FLOPs each.
        var g = new TinyGraph(1, 4, 16, 16);
        var conv = g.Op("Conv", [TinyGraph.X, g.Random(new Random(1), 8, 4, 3, 3)], Ints("strides", [2, 2]), Ints("pads", [1, 1, 1, 1]));
        var relu = g.Op("Relu", [conv]);

        var forward = 2.0 * 8 * 8 * 8 * 4 * 3 * 3;
        Assert.Equal(2 * forward, FlopCounter.GradientIteration(g.Model, Objective.Layer(relu), TinyGraph.X));
    }

    [Fact]
    public void ThePeerGetsTheForwardGraphUpToTheLayerAndEveryFloatWeight()
    {
        var model = ModelCatalog.Load("resnet18");
        var folder = Directory.CreateTempSubdirectory("peer-export").FullName;
        try
        {
            var network = TorchPeer.Export(model, "layer2", folder);

            using var json = JsonDocument.Parse(File.ReadAllText(network.Graph));
            var nodes = json.RootElement.GetProperty("nodes").EnumerateArray().ToList();
            Assert.Equal(model.Layer("layer2").Tensor, json.RootElement.GetProperty("output").GetString());
            Assert.Contains(nodes, n => n.GetProperty("outputs").EnumerateArray().Any(o => o.GetString() == model.Layer("layer2").Tensor));
            Assert.DoesNotContain(nodes, n => n.GetProperty("name").GetString()!.Contains("layer3", StringComparison.OrdinalIgnoreCase)
                || n.GetProperty("op").GetString() == "Gemm"); // pruned at the layer: nothing of layer3 or the classifier
            var floats = json.RootElement.GetProperty("initializers").EnumerateArray()
                .Where(t => t.GetProperty("type").GetString() == "float32")
                .Sum(t => t.GetProperty("dims").EnumerateArray().Aggregate(1L, (a, d) => a * d.GetInt64()));
            Assert.Equal(floats * 4, new FileInfo(network.Weights).Length);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
