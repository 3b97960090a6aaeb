using DeepDream.Dreaming.Objectives;
using System.Runtime.InteropServices;
using DeepDream.Dreaming;
using DeepDream.Graph;
using DeepDream.Importers.TensorFlow;
using DeepDream.Importers.TensorFlow.Proto;
using DeepDream.Models;
using DeepDream.Runtime;
using DeepDream.Tests.Support;
using DeepDream.Benchmarks;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Xunit;

namespace DeepDream.Tests.Importers;

/// <summary>The replica is built once for all tests here: it holds the real architecture's 13 million weights.</summary>
public sealed class ReplicaFixture
{
    internal GraphDef Graph { get; } = Inception5hReplica.Build();
    public DreamModel Model { get; }

    public ReplicaFixture() => Model = TensorFlowModel.FromGraph(Graph, "replica");
}

public class TensorFlowImporterTests(ReplicaFixture replica) : IClassFixture<ReplicaFixture>
{
    [Fact]
    public void CountsLayersAndChannelsLikeTheNotebook()
    {
        Assert.Equal((59, 7548L), replica.Model.Convolutions);
        var shapes = ShapeInference.Infer(replica.Model.ForImage(224, 224));
        long Channels(string layer) => shapes[replica.Model.Layer(layer).Tensor][1];
        Assert.Equal(144, Channels("mixed4d_3x3_bottleneck_pre_relu"));
        Assert.Equal(508, Channels("mixed4a"));
        Assert.Equal(512, Channels("mixed4c"));
        Assert.Equal([1, 1024, 7, 7], shapes[replica.Model.Layer("mixed5b").Tensor]);
        Assert.Equal("mixed4c", replica.Model.DefaultLayer);
        Assert.Equal("conv2d0", replica.Model.Presets["edges"]);
        Assert.Equal("mixed4d", replica.Model.Presets["objects"]);
    }

    [Fact]
    public void GradientsOfTheMainLayersMatchFiniteDifferences()
    {
        var report = GradientCheck.Run(replica.Model, replica.Model.MainLayers, size: 96);
        Assert.Empty(report.UnsupportedOps);
        Assert.All(report.Checks, c => Assert.True(c.Passed, $"{c.Layer}: {c.RelativeError} {c.Error}"));
    }

    [Theory]
    [InlineData(101, 77, "mixed4c", null)]
    [InlineData(96, 64, "mixed4c", null)]
    [InlineData(101, 77, "mixed4d_3x3_bottleneck_pre_relu", 139)]
    [InlineData(96, 64, "mixed4d_3x3_bottleneck_pre_relu", 139)]
    public void DreamsOnTheNotebooksLayersAtOddAndEvenSizes(int width, int height, string layer, int? channel)
    {
        using var sessions = new SessionCache();
        var objective = channel is { } c ? Objective.Channel(replica.Model.Layer(layer).Tensor, c) : Objective.Layer(replica.Model.Layer(layer).Tensor);
        var gradients = new TiledGradient(replica.Model, objective, sessions, 512);
        var image = TestImages.Pattern(width, height);
        var gradient = new float[image.Pixels.Length];
        var before = gradients.Compute(image, 0, 0, gradient);
        // A few normalized ascent steps, as the dream loop takes them, must raise the objective.
        for (var i = 0; i < 3; i++)
        {
            gradients.Compute(image, 0, 0, gradient);
            var step = 1.5f / (gradient.Average(MathF.Abs) + 1e-8f);
            for (var j = 0; j < gradient.Length; j++) image.Pixels[j] = Math.Clamp(image.Pixels[j] + step * gradient[j], 0, 255);
        }
        Assert.True(gradients.Measure(image) > before);
    }

    [Theory]
    [InlineData(23, 19)]
    [InlineData(24, 18)]
    public void ActivationsMatchAnIndependentReference(int width, int height)
    {
        // The notebook's input: RGB minus 117, NHWC.
        var random = new Random(5);
        var nhwc = Enumerable.Range(0, height * width * 3).Select(_ => (float)(random.NextDouble() * 255 - 117)).ToArray();
        var weights = ConstValues(replica.Graph, "conv2d0_w");
        var bias = ConstValues(replica.Graph, "conv2d0_b");
        var conv = Reference.Conv2DSame(nhwc, height, width, 3, weights, 7, 64, 2, out var h1, out var w1);
        var pre = conv.Select((v, i) => v + bias[i % 64]).ToArray();
        var pooled = Reference.MaxPoolSame(pre.Select(v => Math.Max(v, 0)).ToArray(), h1, w1, 64, 3, 2, out var h2, out var w2);
        var normalized = Reference.Lrn(pooled, 64, depthRadius: 4, bias: 1, alpha: 1e-4f, beta: 0.5f);

        var imported = GraphDefImporter.Import(replica.Graph).Model;
        AssertClose(pre, Run(imported, nhwc, height, width, "conv2d0_pre_relu"), h1, w1, 64);
        AssertClose(normalized, Run(imported, nhwc, height, width, "localresponsenorm0"), h2, w2, 64);
    }

    [Fact]
    public void AnUnsupportedOpIsNamed()
    {
        var graph = Inception5hReplica.Build();
        graph.Node.Add(new NodeDef { Name = "squash", Op = "Tanh", Input = { "mixed3a" } });
        var error = Assert.Throws<DeepDreamException>(() => GraphDefImporter.Import(graph));
        Assert.Contains("Tanh (node 'squash')", error.Message);
    }

    [Fact]
    public void TheFullGraphRunsToItsThreeClassifiersAt224()
    {
        // All three heads, as in the real file: 2-D tensors after each Reshape stay as TensorFlow has them.
        var imported = GraphDefImporter.Import(replica.Graph).Model;
        string[] outputs = ["softmax2", "softmax0", "softmax1", "mixed5b", "output2"];
        imported.Graph.Output.AddRange(outputs[..4].Select(o => new Onnx.ValueInfoProto { Name = o }));
        var random = new Random(3);
        var nchw = Enumerable.Range(0, 3 * 224 * 224).Select(_ => (float)(random.NextDouble() * 255 - 117)).ToArray();
        using var session = Ort.Session(imported);
        using var input = OrtValue.CreateTensorValueFromMemory(nchw, [1, 3, 224, 224]);
        using var results = session.Run(new RunOptions(), ["input"], [input], outputs);
        foreach (var i in (int[])[0, 1, 2, 4])
        {
            Assert.Equal([1, 1008], results[i].GetTensorTypeAndShape().Shape);
            Assert.Equal(1, results[i].GetTensorDataAsSpan<float>().ToArray().Sum(), 3);
        }

        // softmax2 written out from mixed5b: average over 7x7, times softmax2_w, plus softmax2_b, softmax.
        var mixed5b = results[3].GetTensorDataAsSpan<float>().ToArray();
        var pooled = Enumerable.Range(0, 1024).Select(c => mixed5b.AsSpan(c * 49, 49).ToArray().Average(v => (double)v)).ToArray();
        var (weights, bias) = (ConstValues(replica.Graph, "softmax2_w"), ConstValues(replica.Graph, "softmax2_b"));
        var logits = Enumerable.Range(0, 1008).Select(k => bias[k] + Enumerable.Range(0, 1024).Sum(c => pooled[c] * weights[c * 1008 + k])).ToArray();
        var max = logits.Max();
        var total = logits.Sum(l => Math.Exp(l - max));
        var softmax2 = results[0].GetTensorDataAsSpan<float>().ToArray();
        for (var k = 0; k < 1008; k++) Assert.Equal(Math.Exp(logits[k] - max) / total, softmax2[k], 5e-5);
        Assert.Equal(softmax2, results[4].GetTensorDataAsSpan<float>().ToArray());
    }

    /// <summary>Damage done to one node of the replica, and what the error must say about it.</summary>
    public static TheoryData<string, string> DamagedNodes() => new()
    {
        { "padding", "node 'conv2d1_pre_relu/conv' (Conv2D) has 'padding' = 'SAMF'" },
        { "no strides", "node 'conv2d1_pre_relu/conv' (Conv2D) lacks its 'strides' attribute" },
        { "strides over channels", "node 'conv2d1_pre_relu/conv' (Conv2D) has 'strides' [1, 1, 1, 2], which moves over the batch or channels" },
        { "filter channels", "node 'conv2d1_pre_relu/conv' (Conv2D) has a filter for 4 input channels on a tensor of 3 channels" },
        { "bias length", "node 'conv2d1_pre_relu' (BiasAdd) adds a bias of shape [63] to a tensor of 4 channels" },
        { "short weights", "node 'conv2d1_pre_relu/conv' (Conv2D) holds 100 bytes of data for a constant of 64 bytes" },
        { "missing input", "node 'conv2d1' (Relu) reads 'nowhere', which no node of the graph produces" },
        { "no inputs", "node 'conv2d1' (Relu) has 0 inputs where Relu takes 1" },
        { "duplicate", "node 'conv2d1' (Relu) is defined twice" },
        { "cycle", "is part of a cycle" },
        { "huge constant", "node 'conv2d1_w' (Const) holds a constant of shape [1000000, 1000000, 4, 4]" },
        { "matmul", "node 'softmax2_pre_activation/matmul' (MatMul) multiplies a matrix of 64 columns by one of 1000 rows" },
        { "lrn", "node 'localresponsenorm0' (LRN) has 'beta' = NaN" },
        { "concat axis", "node 'mixed3a' (Concat) joins tensors of ranks 4, 4, 4, 4 along axis [7]" },
        { "nchw", "node 'maxpool0' (MaxPool) uses data format 'NCHW'" },
    };

    [Theory]
    [MemberData(nameof(DamagedNodes))]
    public void ADamagedNodeIsNamedWithWhatIsWrong(string damage, string expected)
    {
        var graph = Inception5hReplica.Build(narrow: 16);
        NodeDef Node(string name) => graph.Node.Single(n => n.Name == name);
        static void Resize(NodeDef constant, params int[] dims)
        {
            var tensor = constant.Attr["value"].Tensor;
            tensor.TensorShape.Dim.Clear();
            tensor.TensorShape.Dim.AddRange(dims.Select(d => new TensorShapeProto.Types.Dim { Size = d }));
            tensor.TensorContent = ByteString.CopyFrom(new byte[dims.Aggregate(4, (a, d) => a * d)]);
        }
        var conv = Node("conv2d1_pre_relu/conv");
        switch (damage)
        {
            case "padding": conv.Attr["padding"] = new AttrValue { S = ByteString.CopyFromUtf8("SAMF") }; break;
            case "no strides": conv.Attr.Remove("strides"); break;
            case "strides over channels": conv.Attr["strides"].List.I[3] = 2; break;
            case "filter channels": conv.Input[0] = "input"; break;
            case "bias length": Resize(Node("conv2d1_b"), 63); break;
            case "short weights": Node("conv2d1_w").Attr["value"].Tensor.TensorContent = ByteString.CopyFrom(new byte[100]); break;
            case "missing input": Node("conv2d1").Input[0] = "nowhere"; break;
            case "no inputs": Node("conv2d1").Input.Clear(); break;
            case "duplicate": graph.Node.Add(Node("conv2d1").Clone()); break;
            case "cycle": Node("conv2d0_pre_relu/conv").Input[0] = "conv2d1"; break;
            case "huge constant": Node("conv2d1_w").Attr["value"].Tensor.TensorShape.Dim[0].Size = 1_000_000; Node("conv2d1_w").Attr["value"].Tensor.TensorShape.Dim[1].Size = 1_000_000; break;
            case "matmul": Resize(Node("softmax2_w"), 1000, 63); break;
            case "lrn": Node("localresponsenorm0").Attr["beta"] = new AttrValue { F = float.NaN }; break;
            case "concat axis": Node("mixed3a/concat_dim").Attr["value"].Tensor.TensorContent = ByteString.CopyFrom(BitConverter.GetBytes(7)); break;
            case "nchw": Node("maxpool0").Attr["data_format"] = new AttrValue { S = ByteString.CopyFromUtf8("NCHW") }; break;
        }
        var error = Assert.Throws<DeepDreamException>(() => TensorFlowModel.FromGraph(graph, "damaged"));
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    static float[] ConstValues(GraphDef graph, string name) =>
        MemoryMarshal.Cast<byte, float>(graph.Node.Single(n => n.Name == name).Attr["value"].Tensor.TensorContent.Span).ToArray();

    /// <summary>Runs the imported ONNX graph up to one tensor; returns it NHWC for comparison.</summary>
    static float[] Run(Onnx.ModelProto imported, float[] nhwc, int height, int width, string output)
    {
        var model = GraphCopy.SharingWeights(imported);
        Pruning.KeepOnly(model.Graph, [output]);
        var nchw = new float[nhwc.Length];
        for (var y = 0; y < height; y++) for (var x = 0; x < width; x++) for (var c = 0; c < 3; c++)
            nchw[(c * height + y) * width + x] = nhwc[(y * width + x) * 3 + c];
        using var session = Ort.Session(model);
        using var input = OrtValue.CreateTensorValueFromMemory(nchw, [1, 3, height, width]);
        using var results = session.Run(new RunOptions(), ["input"], [input], [output]);
        var shape = results[0].GetTensorTypeAndShape().Shape;
        var (channels, h, w) = ((int)shape[1], (int)shape[2], (int)shape[3]);
        var data = results[0].GetTensorDataAsSpan<float>();
        var back = new float[data.Length];
        for (var c = 0; c < channels; c++) for (var y = 0; y < h; y++) for (var x = 0; x < w; x++)
            back[(y * w + x) * channels + c] = data[(c * h + y) * w + x];
        return back;
    }

    static void AssertClose(float[] expected, float[] actual, int height, int width, int channels)
    {
        Assert.Equal(height * width * channels, actual.Length);
        var scale = expected.Max(MathF.Abs);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4 * scale, $"element {i}: expected {expected[i]}, got {actual[i]}");
    }
}

/// <summary>TensorFlow's semantics written out directly (NHWC), independent of the importer and of ONNX.</summary>
static class Reference
{
    /// <summary>SAME: output ceil(size / stride); total padding max((out − 1)·stride + k − size, 0), the smaller half before.</summary>
    static (int Out, int Before) Same(int size, int k, int stride)
    {
        var output = (size + stride - 1) / stride;
        return (output, Math.Max((output - 1) * stride + k - size, 0) / 2);
    }

    public static float[] Conv2DSame(float[] x, int h, int w, int cin, float[] hwio, int k, int cout, int stride, out int oh, out int ow)
    {
        var (outH, top) = Same(h, k, stride);
        var (outW, left) = Same(w, k, stride);
        (oh, ow) = (outH, outW);
        var y = new float[outH * outW * cout];
        for (var i = 0; i < outH; i++) for (var j = 0; j < outW; j++) for (var o = 0; o < cout; o++)
        {
            double sum = 0;
            for (var di = 0; di < k; di++) for (var dj = 0; dj < k; dj++)
            {
                var (r, c) = (i * stride + di - top, j * stride + dj - left);
                if (r < 0 || r >= h || c < 0 || c >= w) continue;
                for (var ci = 0; ci < cin; ci++) sum += x[(r * w + c) * cin + ci] * hwio[((di * k + dj) * cin + ci) * cout + o];
            }
            y[(i * outW + j) * cout + o] = (float)sum;
        }
        return y;
    }

    public static float[] MaxPoolSame(float[] x, int h, int w, int channels, int k, int stride, out int oh, out int ow)
    {
        var (outH, top) = Same(h, k, stride);
        var (outW, left) = Same(w, k, stride);
        (oh, ow) = (outH, outW);
        var y = new float[outH * outW * channels];
        for (var i = 0; i < outH; i++) for (var j = 0; j < outW; j++) for (var c = 0; c < channels; c++)
        {
            var best = float.NegativeInfinity;
            for (var di = 0; di < k; di++) for (var dj = 0; dj < k; dj++)
            {
                var (r, col) = (i * stride + di - top, j * stride + dj - left);
                if (r >= 0 && r < h && col >= 0 && col < w) best = Math.Max(best, x[(r * w + col) * channels + c]);
            }
            y[(i * outW + j) * channels + c] = best;
        }
        return y;
    }

    /// <summary>x / (bias + alpha · Σ_{|d'−d| ≤ r} x_d'²)^beta over the channel axis.</summary>
    public static float[] Lrn(float[] x, int channels, int depthRadius, float bias, float alpha, float beta)
    {
        var y = new float[x.Length];
        for (var p = 0; p < x.Length / channels; p++)
            for (var d = 0; d < channels; d++)
            {
                double sum = 0;
                for (var e = Math.Max(0, d - depthRadius); e <= Math.Min(channels - 1, d + depthRadius); e++) sum += x[p * channels + e] * (double)x[p * channels + e];
                y[p * channels + d] = (float)(x[p * channels + d] / Math.Pow(bias + alpha * sum, beta));
            }
        return y;
    }
}
