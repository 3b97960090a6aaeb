using DeepDream.Graph;
using DeepDream.Tests.Support;
using Onnx;
using Xunit;
using static DeepDream.Graph.Attributes;

namespace DeepDream.Tests.Autodiff;

/// <summary>Every gradient builder against finite differences, over the attribute combinations that change its math.</summary>
public class GradientBuilderTests
{
    static readonly long[] Image = [2, 4, 9, 8];

    static void Check(long[] shape, Func<TinyGraph, Random, string> build, double step = 1e-2)
    {
        var graph = new TinyGraph(shape);
        var output = build(graph, new Random(7));
        GradientAssert.MatchesFiniteDifferences(graph, output, step: step);
    }

    [Theory]
    [InlineData(3, 1, 1, 1, "1,1,1,1", "NOTSET", false)]   // stride 1: flipped-kernel Conv
    [InlineData(3, 2, 1, 1, "1,1,0,0", "NOTSET", true)]    // stride 2, asymmetric pads: ConvTranspose
    [InlineData(5, 1, 2, 1, "4,3,4,2", "NOTSET", false)]   // dilation
    [InlineData(3, 1, 1, 2, "0,0,0,0", "NOTSET", false)]   // groups, no padding
    [InlineData(3, 2, 1, 2, "1,1,1,1", "NOTSET", true)]    // groups with stride
    [InlineData(3, 1, 1, 4, "1,1,1,1", "NOTSET", false)]   // depthwise
    [InlineData(3, 2, 1, 1, "", "SAME_UPPER", false)]
    [InlineData(4, 2, 1, 1, "", "SAME_LOWER", true)]
    [InlineData(3, 3, 1, 1, "", "VALID", false)]           // rows left uncovered
    [InlineData(1, 2, 1, 1, "0,0,0,0", "NOTSET", false)]   // 1x1 stride 2 on odd sizes
    [InlineData(1, 1, 1, 1, "1,1,1,1", "NOTSET", true)]    // pads beyond the kernel: the phase form with one phase
    public void Conv(int kernel, int stride, int dilation, int group, string pads, string autoPad, bool bias) => Check(Image, (g, r) =>
    {
        var attributes = new List<AttributeProto> { Ints("strides", [stride, stride]), Ints("dilations", [dilation, dilation]), Int("group", group), String("auto_pad", autoPad) };
        if (pads.Length > 0) attributes.Add(Ints("pads", pads.Split(',').Select(long.Parse)));
        List<string> inputs = [TinyGraph.X, g.Random(r, 8, 4 / group, kernel, kernel)];
        if (bias) inputs.Add(g.Random(r, 8));
        return g.Op("Conv", inputs, [.. attributes]);
    });

    [Theory]
    [InlineData("", 0)]       // every axis, to a scalar: an objective's mean
    [InlineData("2,3", 1)]
    [InlineData("1,-1", 0)]
    public void ReduceMean(string axes, int keepdims) => Check(Image, (g, _) =>
        g.Op("ReduceMean", [g.Op("Mul", [TinyGraph.X, TinyGraph.X])], [Int("keepdims", keepdims), .. AxesOf(axes)]));

    [Theory]
    [InlineData("1", 0)]      // the guide's best match at each position
    [InlineData("2,3", 1)]
    public void ReduceMax(string axes, int keepdims) => Check(Image, (g, _) => g.Op("ReduceMax", [TinyGraph.X], [Int("keepdims", keepdims), .. AxesOf(axes)]));

    [Theory]
    [InlineData("1", "2", "1")]             // one channel
    [InlineData("1,4,3", "2,5,4", "1,2,3")] // one unit: a neuron
    [InlineData("-3,0", "100,-1", "2,3")]   // counted from the end, past the end
    public void Slice(string starts, string ends, string axes) => Check(Image, (g, _) =>
        g.Op("Slice", [g.Op("Mul", [TinyGraph.X, TinyGraph.X]), g.G.Int64s(Longs(starts)), g.G.Int64s(Longs(ends)), g.G.Int64s(Longs(axes))]));

    static long[] Longs(string list) => [.. list.Split(',').Select(long.Parse)];

    static AttributeProto[] AxesOf(string axes) => axes.Length == 0 ? [] : [Ints("axes", Longs(axes))];

    [Fact]
    public void Relu() => Check(Image, (g, _) => g.Op("Relu", [TinyGraph.X]));

    [Fact]
    public void LeakyRelu() => Check(Image, (g, _) => g.Op("LeakyRelu", [TinyGraph.X], Float("alpha", 0.2f)));

    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Clip(bool min, bool max) => Check(Image, (g, _) =>
        g.Op("Clip", [TinyGraph.X, min ? g.G.Scalar(-3.01f) : "", max ? g.G.Scalar(6.01f) : ""]));

    [Fact]
    public void Sigmoid() => Check(Image, (g, _) => g.Op("Sigmoid", [g.Op("Mul", [TinyGraph.X, g.G.Scalar(0.3f)])]));

    [Fact]
    public void HardSigmoid() => Check(Image, (g, _) => g.Op("HardSigmoid", [g.Op("Mul", [TinyGraph.X, g.G.Scalar(1.7f)])], Float("alpha", 0.25f), Float("beta", 0.4f)));

    [Fact]
    public void HardSwish() => Check(Image, (g, _) => g.Op("HardSwish", [g.Op("Mul", [TinyGraph.X, g.G.Scalar(2.9f)])]));

    [Fact]
    public void Erf() => Check(Image, (g, _) => g.Op("Erf", [g.Op("Mul", [TinyGraph.X, g.G.Scalar(0.7f)])]));

    [Fact]
    public void LayerNormAsExportersWriteIt() => Check(Image, (g, _) =>
    {
        // torch.onnx.export's LayerNorm before opset 17: (x − mean) / √(mean((x − mean)²) + ε), over the last axis.
        var centred = g.Op("Sub", [TinyGraph.X, g.Op("ReduceMean", [TinyGraph.X], Ints("axes", [-1L]))]);
        var variance = g.Op("ReduceMean", [g.Op("Pow", [centred, g.G.Scalar(2)])], Ints("axes", [-1L]));
        return g.Op("Div", [centred, g.Op("Sqrt", [g.Op("Add", [variance, g.G.Scalar(1e-5f)])])]);
    });

    [Theory]
    [InlineData(-1)]   // ConvNeXt's channels-last norm
    [InlineData(1)]    // channels, height and width together
    public void LayerNormalization(int axis) => Check(Image, (g, r) =>
    {
        var normalized = Image[(axis < 0 ? axis + Image.Length : axis)..];
        return g.Op("LayerNormalization", [g.Op("Mul", [TinyGraph.X, TinyGraph.X]), g.Random(r, normalized), g.Random(r, normalized)],
            Int("axis", axis), Float("epsilon", 1e-3f));
    });

    [Fact]
    public void SqueezeExcite() => Check(Image, (g, r) =>
    {
        // EfficientNet's and MobileNetV3's gate: x · σ(W₂ · silu(W₁ · mean(x))).
        var squeezed = g.Op("Conv", [g.Op("GlobalAveragePool", [TinyGraph.X]), g.Random(r, 2, 4, 1, 1)]);
        var silu = g.Op("Mul", [squeezed, g.Op("Sigmoid", [squeezed])]);
        return g.Op("Mul", [TinyGraph.X, g.Op("Sigmoid", [g.Op("Conv", [silu, g.Random(r, 4, 2, 1, 1)])])]);
    });

    [Fact]
    public void Tanh() => Check(Image, (g, _) => g.Op("Tanh", [g.Op("Mul", [TinyGraph.X, g.G.Scalar(0.3f)])]));

    [Theory]
    [InlineData(3, 2, "0,0,0,0", 0, 1)]   // overlapping windows
    [InlineData(3, 2, "1,1,1,1", 1, 1)]   // pads and ceil_mode
    [InlineData(2, 2, "0,0,0,0", 1, 1)]   // ceil_mode leaves a partial window
    [InlineData(3, 1, "1,1,1,1", 0, 1)]   // stride 1: every input in many windows
    [InlineData(2, 1, "0,0,0,0", 0, 2)]   // dilation
    public void MaxPool(int kernel, int stride, string pads, int ceil, int dilation) => Check(Image, (g, _) =>
        g.Op("MaxPool", [TinyGraph.X], Ints("kernel_shape", [kernel, kernel]), Ints("strides", [stride, stride]),
            Ints("pads", pads.Split(',').Select(long.Parse)), Int("ceil_mode", ceil), Ints("dilations", [dilation, dilation])));

    [Theory]
    [InlineData(3, 2, "1,1,1,1", 0, 0)]
    [InlineData(3, 2, "1,1,1,1", 1, 0)]
    [InlineData(3, 2, "1,0,1,0", 0, 1)]
    [InlineData(3, 2, "1,1,1,1", 1, 1)]
    [InlineData(2, 2, "0,0,0,0", 0, 1)]
    [InlineData(5, 3, "0,0,0,0", 0, 0)]
    public void AveragePool(int kernel, int stride, string pads, int includePad, int ceil) => Check(Image, (g, _) =>
        g.Op("AveragePool", [TinyGraph.X], Ints("kernel_shape", [kernel, kernel]), Ints("strides", [stride, stride]),
            Ints("pads", pads.Split(',').Select(long.Parse)), Int("count_include_pad", includePad), Int("ceil_mode", ceil)));

    [Fact]
    public void GlobalAveragePool() => Check(Image, (g, _) => g.Op("GlobalAveragePool", [TinyGraph.X]));

    [Theory]
    [InlineData(5, 1e-4f, 0.75f, 1f)]
    [InlineData(3, 2f, 0.5f, 2f)]
    [InlineData(7, 0.5f, 0.75f, 1f)]   // window wider than half the channels
    public void Lrn(int size, float alpha, float beta, float bias) => Check([2, 7, 4, 3], (g, _) =>
        g.Op("LRN", [TinyGraph.X], Int("size", size), Float("alpha", alpha), Float("beta", beta), Float("bias", bias)), step: 1e-3);

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    public void Concat(int axis) => Check(Image, (g, _) =>
        g.Op("Concat", [g.Op("Relu", [TinyGraph.X]), TinyGraph.X, g.Op("LeakyRelu", [TinyGraph.X])], Int("axis", axis)));

    [Fact]
    public void SplitWithAnUnusedOutput() => Check(Image, (g, _) =>
    {
        var parts = g.G.Nodes("Split", [TinyGraph.X, g.G.Int64s(1, 2, 1)], 3, Int("axis", 1));
        return g.Op("Concat", [parts[2], parts[0]], Int("axis", 1));
    });

    [Theory]
    [InlineData("Add")]
    [InlineData("Sub")]
    [InlineData("Mul")]
    [InlineData("Div")]
    public void ArithmeticWithBroadcastConstants(string op) => Check(Image, (g, r) =>
        g.Op(op, [g.Op(op, [TinyGraph.X, g.Positive(r, 4, 1, 1)]), g.Positive(r, 1, 8)]));

    [Theory]
    [InlineData("Add")]
    [InlineData("Sub")]
    [InlineData("Mul")]
    [InlineData("Div")]
    public void ArithmeticWithBothOperandsFromTheInput(string op) => Check(Image, (g, _) =>
        g.Op(op, [g.Op("Sigmoid", [TinyGraph.X]), g.Op("Add", [g.Op("Tanh", [g.Op("Mul", [TinyGraph.X, g.G.Scalar(0.1f)])]), g.G.Scalar(1.5f)])]));

    [Theory]
    [InlineData("Add")]
    [InlineData("Mul")]
    [InlineData("Div")]
    public void ArithmeticWhereTheInputIsBroadcast(string op) => Check([3, 1, 5], (g, r) =>
        g.Op(op, [g.Positive(r, 2, 3, 4, 5), g.Op("Add", [g.Op("Sigmoid", [TinyGraph.X]), g.G.Scalar(0.5f)])]));

    [Fact]
    public void Sum() => Check(Image, (g, r) => g.Op("Sum", [TinyGraph.X, g.Op("Relu", [TinyGraph.X]), g.Random(r, 8)]));

    [Fact]
    public void BatchNormalization() => Check(Image, (g, r) =>
        g.Op("BatchNormalization", [TinyGraph.X, g.Random(r, 4), g.Random(r, 4), g.Random(r, 4), g.Positive(r, 4)], Float("epsilon", 1e-3f)));

    [Theory]
    [InlineData("Identity")]
    [InlineData("Dropout")]
    public void PassThrough(string op) => Check(Image, (g, _) => g.Op("Mul", [g.Op(op, [TinyGraph.X]), g.G.Scalar(3)]));

    [Fact]
    public void Pad() => Check(Image, (g, _) =>
        g.Op("Pad", [TinyGraph.X, g.G.Int64s(0, 0, 1, 2, 0, 1, 2, 0), g.G.Scalar(0.5f)]));

    [Fact]
    public void ReshapeFlattenSqueezeUnsqueeze() => Check(Image, (g, _) =>
    {
        var flat = g.Op("Flatten", [TinyGraph.X], Int("axis", 2));
        var reshaped = g.Op("Reshape", [flat, g.G.Int64s(2, 1, -1)]);
        var squeezed = g.Op("Squeeze", [reshaped, g.G.Int64s(1)]);
        return g.Op("Unsqueeze", [g.Op("Relu", [squeezed]), g.G.Int64s(0)]);
    });

    [Fact]
    public void Transpose() => Check(Image, (g, _) => g.Op("Transpose", [g.Op("Relu", [TinyGraph.X])], Ints("perm", [0L, 2, 3, 1])));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    public void GemmWithTheInputAsA(int transA, int transB) => Check(transA == 1 ? [4, 3] : [3, 4], (g, r) =>
        g.Op("Gemm", [TinyGraph.X, transB == 1 ? g.Random(r, 5, 4) : g.Random(r, 4, 5), g.Random(r, 5)],
            Float("alpha", 0.7f), Float("beta", 1.3f), Int("transA", transA), Int("transB", transB)));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    public void GemmWithTheInputAsBAndC(int transA, int transB) => Check([4, 5], (g, r) =>
        g.Op("Gemm", [transA == 1 ? g.Random(r, 4, 3) : g.Random(r, 3, 4), transB == 1 ? g.Op("Transpose", [TinyGraph.X]) : TinyGraph.X, g.Op("MatMul", [g.Random(r, 3, 4), TinyGraph.X])],
            Float("alpha", 0.7f), Float("beta", 1.3f), Int("transA", transA), Int("transB", transB)));

    [Fact]
    public void MatMulBatchedWithBroadcasting() => Check([3, 4], (g, r) =>
        g.Op("MatMul", [g.Random(r, 2, 5, 3), g.Op("MatMul", [TinyGraph.X, g.Random(r, 2, 4, 6)])]));

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    public void Softmax(int axis) => Check(Image, (g, _) => g.Op("Softmax", [g.Op("Mul", [TinyGraph.X, g.G.Scalar(0.2f)])], Int("axis", axis)), step: 1e-3);
}
