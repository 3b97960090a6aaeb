using DeepDream.Graph;
using DeepDream.Runtime;
using DeepDream.Autodiff.Kernels;
using DeepDream.Tests.Support;
using Microsoft.ML.OnnxRuntime;
using Xunit;
using static DeepDream.Graph.Attributes;

namespace DeepDream.Tests.Autodiff;

/// <summary>
/// The C# kernels against plain reference loops, at sizes wide enough for their vector paths and
/// with many ties (values on a coarse grid), where "the first maximum" matters.
/// </summary>
public class KernelTests
{
    [Theory]
    [InlineData(3, 2, 0, 0, 1, 37, 41)]   // GoogLeNet's and ResNet's pools: 3x3 stride 2
    [InlineData(3, 2, 1, 1, 1, 64, 50)]   // padded, ceil_mode
    [InlineData(3, 1, 1, 0, 1, 40, 33)]   // the inception branches' 3x3 stride 1
    [InlineData(2, 2, 0, 1, 1, 29, 52)]   // non-overlapping, a partial last window
    [InlineData(3, 3, 1, 0, 1, 31, 47)]   // stride 3: the scalar path
    [InlineData(2, 1, 0, 0, 2, 23, 45)]   // dilation
    public void MaxPoolGradRoutesEachWindowToItsFirstMaximum(int k, int stride, int pad, int ceil, int dilation, int height, int width)
    {
        var random = new Random(k * 100 + stride * 10 + width);
        long[] shape = [2, 3, height, width];
        var x = Enumerable.Range(0, 2 * 3 * height * width).Select(_ => (float)random.Next(6)).ToArray();
        var g = new TinyGraph(shape);
        var pooled = g.Op("MaxPool", [TinyGraph.X], Ints("kernel_shape", [k, k]), Ints("strides", [stride, stride]),
            Ints("pads", [pad, pad, pad, pad]), Int("ceil_mode", ceil), Ints("dilations", [dilation, dilation]));
        var yShape = ShapeInference.Infer(g.Model)[pooled];
        var dy = Enumerable.Range(0, (int)Tensors.ElementCount(yShape)).Select(_ => (float)(random.NextDouble() + 0.5)).ToArray();
        var dx = g.G.DomainNode(KernelDomain.Name, "MaxPoolGrad", [TinyGraph.X, pooled, g.G.Floats(dy, yShape)],
            Ints("kernel_shape", [k, k]), Ints("strides", [stride, stride]), Ints("dilations", [dilation, dilation]), Ints("pads", [pad, pad]));
        g.Model.Graph.Output.Add(new Onnx.ValueInfoProto { Name = dx });

        var actual = Run(g, x, shape, dx);

        var expected = new float[x.Length];
        var (outHeight, outWidth) = ((int)yShape[2], (int)yShape[3]);
        for (var plane = 0; plane < 6; plane++)
            for (var oy = 0; oy < outHeight; oy++)
                for (var ox = 0; ox < outWidth; ox++)
                {
                    var (best, at) = (float.NegativeInfinity, -1);
                    for (var ky = 0; ky < k; ky++)
                        for (var kx = 0; kx < k; kx++)
                        {
                            int row = oy * stride - pad + ky * dilation, column = ox * stride - pad + kx * dilation;
                            if (row < 0 || row >= height || column < 0 || column >= width) continue;
                            var index = (plane * height + row) * width + column;
                            if (x[index] > best) (best, at) = (x[index], index);
                        }
                    expected[at] += dy[(plane * outHeight + oy) * outWidth + ox];
                }
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void ReluGradPassesTheGradientWhereTheOutputIsPositive()
    {
        long[] shape = [1, 3, 47, 131]; // not a whole number of vectors or of the kernel's blocks
        var random = new Random(3);
        var y = Enumerable.Range(0, 3 * 47 * 131).Select(i => i % 3 == 0 ? 0f : (float)random.NextDouble()).ToArray();
        var dy = Enumerable.Range(0, y.Length).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var g = new TinyGraph(shape);
        var dx = g.G.DomainNode(KernelDomain.Name, "ReluGrad", [TinyGraph.X, g.G.Floats(dy, shape)]);
        g.Model.Graph.Output.Add(new Onnx.ValueInfoProto { Name = dx });

        Assert.Equal(y.Select((v, i) => v > 0 ? dy[i] : 0f), Run(g, y, shape, dx));
    }

    [Fact]
    public void AKernelThatCannotTakeItsNodeFailsTheSessionInOneLine()
    {
        var g = new TinyGraph(1, 1, 4, 4, 4);
        var dx = g.G.DomainNode(KernelDomain.Name, "MaxPoolGrad", [TinyGraph.X, TinyGraph.X, TinyGraph.X],
            Ints("kernel_shape", [2, 2, 2]), Ints("strides", [1, 1, 1]), Ints("dilations", [1, 1, 1]), Ints("pads", [0, 0, 0]));
        g.Model.Graph.Output.Add(new Onnx.ValueInfoProto { Name = dx });

        var error = Assert.Throws<DeepDreamException>(() => Ort.Session(g.Model).Dispose());

        Assert.Contains("MaxPoolGrad takes 1-D or 2-D windows", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void AKernelGivenInconsistentShapesRefusesToReadThem()
    {
        long[] shape = [1, 3, 4, 4];
        var g = new TinyGraph(shape);
        var dx = g.G.DomainNode(KernelDomain.Name, "ReluGrad", [TinyGraph.X, g.G.Floats(new float[3 * 4 * 5], 1, 3, 4, 5)]);
        g.Model.Graph.Output.Add(new Onnx.ValueInfoProto { Name = dx });

        var error = Assert.ThrowsAny<Exception>(() => Run(g, new float[3 * 4 * 4], shape, dx));

        Assert.Contains("ReluGrad needs Y and dY of one shape", error.Message);
    }

    static float[] Run(TinyGraph g, float[] input, long[] shape, string output)
    {
        using var session = Ort.Session(g.Model);
        using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var results = session.Run(new RunOptions(), [TinyGraph.X], [value], [output]);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
