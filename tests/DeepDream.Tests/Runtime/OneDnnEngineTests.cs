using DeepDream.Benchmarks;
using DeepDream.Dreaming;
using DeepDream.Dreaming.Objectives;
using DeepDream.Graph;
using DeepDream.Models;
using DeepDream.Runtime;
using DeepDream.Runtime.OneDnn;
using DeepDream.Tests.Support;
using Onnx;
using Xunit;

namespace DeepDream.Tests.Runtime;

/// <summary>
/// The oneDNN engine against ONNX Runtime on the same graphs: in float32 the two compute the same objective and
/// gradient; in bf16 the same up to bf16's rounding. test.sh installs libdnnl2, so these run everywhere the suite does.
/// </summary>
public class OneDnnEngineTests
{
    public OneDnnEngineTests() => Assert.True(Dnnl.Available, "oneDNN (libdnnl.so.2) is missing or this CPU lacks AVX-512; test.sh installs libdnnl2");

    static (double Value, float[] Gradient) Run(IGradientSession session, float[] image)
    {
        var gradient = new float[image.Length];
        return (session.Run(image, gradient), gradient);
    }

    static void AssertAgree(ModelProto model, string input, IObjective objective, float[] image, bool bf16, double valueTolerance, double cosine)
    {
        using var ort = GradientSession.Create(model, input, objective);
        using var onednn = OneDnnGradientSession.Create(model, input, objective, withGradient: true, bf16);
        var (expected, expectedGradient) = Run(ort, image);
        var (actual, gradient) = Run(onednn, image);
        Assert.True(Math.Abs(actual - expected) <= valueTolerance * Math.Abs(expected), $"objective {actual} vs ORT's {expected}");
        var similarity = EngineComparison.Cosine(gradient, expectedGradient);
        Assert.True(similarity >= cosine, $"gradient cosine {similarity} vs ORT's");
        Assert.Equal(onednn.Evaluate(image), actual, 1e-9 * Math.Abs(actual));
    }

    static float[] Image(long[] shape, int seed) => GradientAssert.DistinctValues(shape, seed).Select(v => v * 100 + 120).ToArray();

    public static TheoryData<string> Models => ["resnet18", "replica"];

    static (DreamModel Model, string Layer) Subject(string name) => name == "resnet18"
        ? (ModelCatalog.Load("resnet18"), "layer3")
        : (TensorFlowModel.FromGraph(Inception5hReplica.Build(narrow: 4), "replica"), "mixed4c");

    [Theory, MemberData(nameof(Models))]
    public void Float32AgreesWithOnnxRuntime(string name)
    {
        var (model, layer) = Subject(name);
        var graph = model.ForImage(72, 88);
        AssertAgree(graph, DreamModel.ImageInput, Objective.Layer(model.Layer(layer).Tensor), Image([1, 3, 72, 88], 1), bf16: false, 1e-5, 0.99999);
    }

    [Theory, MemberData(nameof(Models))]
    public void Bf16AgreesWithOnnxRuntimeUpToItsRounding(string name)
    {
        var (model, layer) = Subject(name);
        var graph = model.ForImage(72, 88);
        AssertAgree(graph, DreamModel.ImageInput, Objective.Layer(model.Layer(layer).Tensor), Image([1, 3, 72, 88], 2), bf16: true, 0.02, 0.95);
    }

    /// <summary>oneDNN 2.6's bf16 1x1 gradient over 3 channels was wrong at some image sizes (cosine 0.79 at 320x213).</summary>
    [Theory]
    [InlineData("Input247")]
    [InlineData("Convolution249_Output_0")]
    public void Bf16GradientsAtTheImageAreRightAtOddSizes(string tensor)
    {
        var model = ModelCatalog.Load("resnet18");
        AssertAgree(model.ForImage(213, 320), DreamModel.ImageInput, Objective.Layer(tensor), Image([1, 3, 213, 320], 5), bf16: true, 0.01, 0.999);
    }

    [Fact]
    public void ObjectivesOfSeveralLayersAndChannelsAgree()
    {
        var model = ModelCatalog.Load("resnet18");
        var objective = Objective.Layer(model.Layer("layer2").Tensor) - 0.5 * Objective.Channel(model.Layer("layer3").Tensor, 7);
        AssertAgree(model.ForImage(64, 64), DreamModel.ImageInput, objective, Image([1, 3, 64, 64], 3), bf16: false, 1e-5, 0.99999);
    }

    /// <summary>Each op the engine lowers, in the forms networks use them, against ORT in float32.</summary>
    public static TheoryData<string> Ops => ["conv-bn-relu", "conv-bias-dilated", "pools", "lrn-0.5", "lrn-0.75", "concat-add-relu"];

    [Theory, MemberData(nameof(Ops))]
    public void EachOpAgreesWithOnnxRuntime(string op)
    {
        var random = new Random(7);
        var g = new TinyGraph(1, 5, 13, 11);
        string Conv(string x, long inC, long outC, long k, params AttributeProto[] attributes) => g.Op("Conv", [x, g.Random(random, outC, inC, k, k)], attributes);
        var output = op switch
        {
            "conv-bn-relu" => g.Op("Relu", [g.Op("BatchNormalization", [Conv(TinyGraph.X, 5, 6, 3, Attributes.Ints("pads", [1, 0, 2, 1]), Attributes.Ints("strides", [2, 1])),
                g.Positive(random, 6), g.Random(random, 6), g.Random(random, 6), g.Positive(random, 6)])]),
            "conv-bias-dilated" => g.Op("Add", [g.Op("Conv", [TinyGraph.X, g.Random(random, 4, 5, 3, 3), g.Random(random, 4)],
                Attributes.Ints("dilations", [2, 2]), Attributes.Ints("pads", [2, 1, 2, 3])), g.Random(random, 1, 4, 1, 1)]),
            "pools" => g.Op("AveragePool", [g.Op("MaxPool", [TinyGraph.X], Attributes.Ints("kernel_shape", [3, 3]), Attributes.Ints("strides", [2, 2]), Attributes.Int("ceil_mode", 1))],
                Attributes.Ints("kernel_shape", [3, 3]), Attributes.Ints("pads", [1, 1, 1, 1]), Attributes.Int("count_include_pad", 0)),
            "lrn-0.5" => g.Op("LRN", [TinyGraph.X], Attributes.Int("size", 5), Attributes.Float("alpha", 0.3f), Attributes.Float("beta", 0.5f), Attributes.Float("bias", 2f)),
            "lrn-0.75" => g.Op("LRN", [TinyGraph.X], Attributes.Int("size", 3), Attributes.Float("alpha", 0.2f), Attributes.Float("beta", 0.75f), Attributes.Float("bias", 1f)),
            _ => ConcatAddRelu(),
        };
        AssertAgree(g.Model, TinyGraph.X, Objective.Layer(output), Image(g.InputShape, 4).Select(v => v / 100).ToArray(), bf16: false, 1e-5, 0.99999);

        string ConcatAddRelu()
        {
            var a = Conv(TinyGraph.X, 5, 3, 1);
            var b = g.Op("Relu", [Conv(TinyGraph.X, 5, 4, 3, Attributes.Ints("pads", [1, 1, 1, 1]))]);
            var joined = g.Op("Concat", [a, b], Attributes.Int("axis", 1));
            // The input fans out to three consumers and the concat to two: their gradients are summed.
            return g.Op("Relu", [g.Op("Add", [joined, Conv(joined, 7, 7, 1)])]);
        }
    }

    static ModelProto WithSigmoid()
    {
        var g = new TinyGraph(1, 3, 8, 8);
        g.Op("Sigmoid", [g.Op("Conv", [TinyGraph.X, g.Random(new Random(1), 4, 3, 1, 1)])]);
        return g.Model;
    }

    [Fact]
    public void AutoFallsBackToOnnxRuntimeWhereAnOpHasNoPrimitive()
    {
        var model = WithSigmoid();
        var objective = Objective.Layer(model.Graph.Node[^1].Output[0]);
        using var session = GradientSessions.Create(ComputeEngine.Auto, model, TinyGraph.X, objective, withGradient: true);
        Assert.IsType<GradientSession>(session);
        var e = Assert.Throws<DeepDreamException>(() => GradientSessions.Create(ComputeEngine.OneDnn, model, TinyGraph.X, objective, withGradient: true));
        Assert.Contains("cannot run Sigmoid node", e.Message);
        Assert.Contains("--engine ort", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void AutoRunsBothModelsOnOneDnnWithNativeKernels()
    {
        foreach (var name in new[] { "resnet18", "replica" })
        {
            var (model, layer) = Subject(name);
            using var session = GradientSessions.Create(ComputeEngine.Auto, model.ForImage(64, 64), DreamModel.ImageInput, Objective.Layer(model.Layer(layer).Tensor), withGradient: true);
            var onednn = Assert.IsType<OneDnnGradientSession>(session);
            Assert.Equal(Dnnl.HasBf16, onednn.Bf16);
            // "ref" is oneDNN's reference code: a step there once took 90% of an iteration.
            Assert.DoesNotContain(onednn.Implementations, i => i.Contains("ref"));
        }
    }

    [Fact]
    public void ModelsCheckComparesTheEnginesOnEveryLayer()
    {
        var report = GradientCheck.Run(ModelCatalog.Load("resnet18"), ["conv1", "layer3"], size: 64, directions: 1);
        Assert.All(report.Checks, c =>
        {
            Assert.NotNull(c.OneDnn);
            Assert.Null(c.OneDnn.Error);
            Assert.True(c.OneDnn.Agrees, $"{c.Layer}: {c.OneDnn}");
        });
        Assert.True(report.Passed);
    }

    /// <summary>
    /// bf16 steps differ from float32's in the last bits, and a dream is chaotic: one seed's curve lands a few percent
    /// either side (float32's own curves for different seeds spread by 5%). Over seeds, the curves agree within 2%.
    /// </summary>
    [Fact]
    public void Bf16DreamsTheSameAsFloat32()
    {
        var model = ModelCatalog.Load("resnet18");
        var photo = DeepDream.Imaging.ImageFile.Read(TestImages.Photo("chelsea.png"));
        double[] Curve(ComputeEngine engine) => [.. Enumerable.Range(1, 4).Select(seed =>
        {
            using var sessions = new SessionCache(capacity: 2) { Engine = engine };
            using var dreamer = new Dreamer(DreamPlan.Resolve(model, new DreamOptions { Model = "resnet18", Iterations = 4, Octaves = 2, Seed = seed }, photo), sessions);
            return dreamer.Dream(photo).Octaves;
        }).SelectMany(octaves => octaves.SelectMany(o => new[] { o.ObjectiveStart, o.ObjectiveEnd })).Chunk(4).Aggregate(new double[4], (sum, c) => [.. sum.Zip(c, (a, b) => a + b)])];
        var (fp32, bf16) = (Curve(ComputeEngine.Ort), Curve(ComputeEngine.OneDnn));
        for (var i = 0; i < fp32.Length; i++)
            Assert.True(Math.Abs(bf16[i] - fp32[i]) <= 0.02 * fp32[i], $"point {i} of the summed curves: bf16 {bf16[i]} vs float32 {fp32[i]}");
        Assert.True(bf16[^1] > 1.5 * bf16[0]);
    }
}
