using DeepDream.Autodiff;
using DeepDream.Runtime;
using DeepDream.Tests.Support;
using Xunit;
using static DeepDream.Graph.Attributes;

namespace DeepDream.Tests.Autodiff;

public class BackwardTests
{
    /// <summary>
    /// A small random network with the structure of the real ones: BN, pools with ceil_mode, an
    /// inception-style concat, LRN, a strided conv, a residual add (fan-out), and a classifier head.
    /// </summary>
    static (TinyGraph Graph, string Features, string Probabilities) SmallNetwork()
    {
        var g = new TinyGraph(1, 3, 15, 14);
        var r = new Random(3);
        var stem = g.Op("Conv", [TinyGraph.X, g.Random(r, 8, 3, 3, 3)], Ints("pads", [1L, 1, 1, 1]));
        var normalized = g.Op("Relu", [g.Op("BatchNormalization", [stem, g.Random(r, 8), g.Random(r, 8), g.Random(r, 8), g.Positive(r, 8)])]);
        var pooled = g.Op("MaxPool", [normalized], Ints("kernel_shape", [3L, 3]), Ints("strides", [2L, 2]), Int("ceil_mode", 1));
        var branch1 = g.Op("Relu", [g.Op("Conv", [pooled, g.Random(r, 4, 8, 1, 1)])]);
        var branch3 = g.Op("Relu", [g.Op("Conv", [pooled, g.Random(r, 4, 8, 3, 3)], String("auto_pad", "SAME_UPPER"))]);
        var mixed = g.Op("LRN", [g.Op("Concat", [branch1, branch3], Int("axis", 1))], Int("size", 5), Float("alpha", 0.1f));
        var strided = g.Op("Conv", [mixed, g.Random(r, 8, 8, 3, 3), g.Random(r, 8)], Ints("strides", [2L, 2]), Ints("pads", [1L, 1, 0, 0]));
        var shortcut = g.Op("AveragePool", [mixed], Ints("kernel_shape", [3L, 3]), Ints("strides", [2L, 2]), Int("ceil_mode", 1));
        var features = g.Op("Relu", [g.Op("Add", [strided, shortcut])]);
        var flat = g.Op("Flatten", [g.Op("GlobalAveragePool", [features])]);
        var logits = g.Op("Gemm", [flat, g.Random(r, 5, 8), g.Random(r, 5)], Int("transB", 1));
        return (g, features, g.Op("Softmax", [g.Op("Mul", [logits, g.G.Scalar(3)])]));
    }

    [Fact]
    public void SmallNetworkFeatureGradientMatchesFiniteDifferences()
    {
        var (graph, features, _) = SmallNetwork();
        GradientAssert.MatchesFiniteDifferences(graph, features, step: 2e-3);
    }

    [Fact]
    public void SmallNetworkClassifierGradientMatchesFiniteDifferences()
    {
        var (graph, _, probabilities) = SmallNetwork();
        GradientAssert.MatchesFiniteDifferences(graph, probabilities, step: 2e-3);
    }

    [Fact]
    public void AnOpWithoutBuilderIsAClearErrorNamingOpAndNode()
    {
        var g = new TinyGraph(1, 3, 4, 4);
        var output = g.Op("Relu", [g.Op("Sin", [TinyGraph.X])]);
        var error = Assert.Throws<NotSupportedGradientException>(() => GradientSession.Create(g.Model, TinyGraph.X, new WeightedSum(output, 1)));
        Assert.Equal("Sin", error.OpType);
        Assert.Contains("Sin", error.Message);
        Assert.Contains(error.NodeName, error.Message);
        Assert.Equal([("Sin", error.NodeName)], Backward.Unsupported(g.Model.Graph, TinyGraph.X, [output]));
    }

    [Fact]
    public void OpsOffThePathNeedNoBuilder()
    {
        var g = new TinyGraph(1, 3, 4, 4);
        var relu = g.Op("Relu", [TinyGraph.X]);
        g.Op("Sin", [relu]);                                          // after the target: pruned
        var shaped = g.Op("Reshape", [relu, g.Op("Shape", [TinyGraph.X])]); // Shape carries no gradient
        Assert.Empty(Backward.Unsupported(g.Model.Graph, TinyGraph.X, [shaped]));
        GradientAssert.MatchesFiniteDifferences(g, shaped);
    }
}
