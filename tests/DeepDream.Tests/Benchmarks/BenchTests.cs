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

    [Fact]
    public void PeerGoalsAreSetAgainstTheFastestConfigurationOfEachPrecision()
    {
        DreamProcess Run(double seconds, double mb) => new(seconds, mb, 1, 4);
        var (nchw, channelsLast, traced, bf16) = (TorchConfiguration.All[0], TorchConfiguration.All[1], TorchConfiguration.All[2], TorchConfiguration.All[3]);
        var dreams = new PeerDreams("resnet18", Run(8, 400), Run(12, 450), [new(nchw, Run(18, 500)), new(channelsLast, Run(14, 520)), new(traced, Run(15, 510)), new(bf16, Run(9, 450))], CpuHasBf16: true);
        Assert.Equal(channelsLast, dreams.FastestFp32.Configuration);
        Assert.Equal(8 / 14.0, dreams.OursOverFp32, 9);
        Assert.True(dreams.Fp32GoalMet);
        Assert.Equal(8 / 9.0, dreams.OursOverBf16!.Value, 9);
        Assert.True(dreams.Bf16GoalMet);
        Assert.True(dreams.MemoryGoalMet);
        // Without bf16 instructions autocast is emulated: reported, but no goal.
        Assert.Null((dreams with { CpuHasBf16 = false }).Bf16GoalMet);

        var peer = new PeerBench("pytorch", "/usr/bin/python3", "1.13", 224, PeerDream.Default, 2,
            [new PeerModel("resnet18", "layer3", new PeerCheck(new(0, 0), new(0, 0), new(0, 0), new(0, 0)), dreams)]);
        var report = new BenchReport("test machine", DateTimeOffset.UnixEpoch, 100, 300, "oneDNN bf16", [], [new DreamBench("resnet18", "oneDNN bf16", 6, 5), new DreamBench("resnet18", "ORT fp32", 12, 8)],
            null, null, null, 900, new VisualizationBench("lucid", 64, 1, 64, null), peer);
        var page = BenchMarkdown.Render(report);
        Assert.Contains("| resnet18 layer3 / resnet18 | 8.0 s, 400 MB | 12.0 s, 450 MB | 18.0 s, 500 MB | 14.0 s, 520 MB | 15.0 s, 510 MB | 9.0 s, 450 MB | 0.57 | 0.89 | 0.86 |", page);
        // Goals are set on the default engine; the ORT-only dream is reported, not judged.
        Assert.Contains("| default 1024x768 dream, resnet18, oneDNN bf16 | ≤ 1.5x its FLOP bound | 1.20x | met |", page);
        Assert.DoesNotContain("| default 1024x768 dream, resnet18, ORT fp32 |", page);
        Assert.Contains("| 1024x768 dream, resnet18, against the fastest PyTorch fp32 (fp32, channels-last) | ≤ 0.6x its time | 0.57x | met |", page);
        Assert.Contains("| same, against the fastest PyTorch bf16 (bf16 autocast, channels-last) | ≤ 0.9x its time | 0.89x | met |", page);
    }
}
