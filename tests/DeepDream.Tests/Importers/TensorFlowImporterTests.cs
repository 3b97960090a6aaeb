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
    public GraphDef Graph { get; } = Inception5hReplica.Build();
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
        using var session = new InferenceSession(model.ToByteArray());
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
