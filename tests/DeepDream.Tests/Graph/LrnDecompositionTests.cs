using DeepDream.Graph;
using DeepDream.Runtime;
using DeepDream.Tests.Support;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using Xunit;
using static DeepDream.Graph.Attributes;

namespace DeepDream.Tests.Graph;

public class LrnDecompositionTests
{
    [Theory]
    [InlineData(5, 1e-4f, 0.75f, 1f)]
    [InlineData(3, 2f, 0.5f, 2f)]
    [InlineData(1, 0.3f, 0.6f, 1.5f)]  // Pow for other exponents
    [InlineData(7, 0.5f, 0.75f, 1f)]   // window wider than half the channels
    public void ComputesLrnAsOnnxDefinesIt(int size, float alpha, float beta, float bias)
    {
        long[] shape = [2, 7, 4, 3];
        var graph = new TinyGraph(shape);
        var y = graph.Op("LRN", [TinyGraph.X], Int("size", size), Float("alpha", alpha), Float("beta", beta), Float("bias", bias));
        graph.Model.Graph.Output.Add(new ValueInfoProto { Name = y });
        LrnDecomposition.RewriteAll(graph.G, ShapeInference.Infer(graph.Model));
        Assert.DoesNotContain(graph.Model.Graph.Node, n => n.OpType == "LRN");

        var x = GradientAssert.DistinctValues(shape, seed: 3).Select(v => v * 20).ToArray();
        var actual = Run(graph.Model, x, shape);
        // ONNX's definition in double precision (ONNX Runtime's own LRN kernel is off by 2e-5 here).
        var (channels, plane) = ((int)shape[1], (int)(shape[2] * shape[3]));
        for (var i = 0; i < x.Length; i++)
        {
            var (n, c, p) = (i / (channels * plane), i / plane % channels, i % plane);
            var sum = 0.0;
            for (var k = Math.Max(0, c - (size - 1) / 2); k <= Math.Min(channels - 1, c + size / 2); k++)
                sum += Math.Pow(x[(n * channels + k) * plane + p], 2);
            var expected = x[i] / Math.Pow(bias + alpha / size * sum, beta);
            Assert.True(Math.Abs(expected - actual[i]) <= 2e-6 * (1 + Math.Abs(expected)), $"element {i}: {expected} vs {actual[i]}");
        }
    }

    static float[] Run(ModelProto model, float[] x, long[] shape)
    {
        using var session = Ort.Session(model);
        using var input = OrtValue.CreateTensorValueFromMemory(x, shape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [TinyGraph.X], [input], session.OutputNames);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
