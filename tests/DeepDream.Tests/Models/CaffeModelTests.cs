using DeepDream.Dreaming;
using DeepDream.Dreaming.Objectives;
using DeepDream.Graph;
using DeepDream.Importers.Caffe;
using DeepDream.Importers.Caffe.Proto;
using DeepDream.Models;
using DeepDream.Runtime;
using DeepDream.Tests.Support;
using Google.Protobuf;
using Xunit;

namespace DeepDream.Tests.Models;

/// <summary>Random-weight replicas of bvlc_googlenet, built once from its public deploy definition, in both file formats.</summary>
public sealed class GoogLeNetReplicas : IDisposable
{
    internal static NetParameter Deploy(string name) => Definition($"{name}.deploy");

    /// <summary>A definition kept in tests/DeepDream.Tests/Importers/Caffe (see its README for their sources).</summary>
    internal static NetParameter Definition(string name) =>
        Prototxt.ParseFile<NetParameter>(Path.Combine(TestImages.RepositoryRoot, "tests", "DeepDream.Tests", "Importers", "Caffe", $"{name}.prototxt"));

    public GoogLeNetReplicas()
    {
        var deploy = Deploy("bvlc_googlenet");
        V2 = CaffeReplica.Write(CaffeReplica.Weights(deploy, seed: 1), "bvlc_googlenet.caffemodel");
        // As the real file of December 2014: V1 layers, legacy blob shapes, the whole training net; and the same net in V2.
        var training = Definition("bvlc_googlenet.train_val");
        V1Training = CaffeReplica.Write(CaffeReplica.Weights(training, seed: 1, CaffeReplica.Format.V1), "bvlc_googlenet-v1.caffemodel");
        V2Training = CaffeReplica.Write(CaffeReplica.Weights(training, seed: 1), "bvlc_googlenet-train.caffemodel");
        Model = CaffeModel.Load(V2, "bvlc_googlenet");
    }

    public string V2 { get; }
    public string V1Training { get; }
    public string V2Training { get; }
    public DreamModel Model { get; }

    public void Dispose()
    {
        File.Delete(V2);
        File.Delete(V1Training);
        File.Delete(V2Training);
    }
}

public class CaffeModelTests(GoogLeNetReplicas googlenet) : IClassFixture<GoogLeNetReplicas>
{
    /// <summary>The layers' shapes at an image size; the graph is cut to them, as a dream cuts it (a classifier takes only its training size).</summary>
    static Dictionary<string, long[]> Shapes(DreamModel model, int height, int width, params string[] layers)
    {
        var graph = model.ForImage(height, width);
        Pruning.KeepOnly(graph.Graph, [.. layers.Select(l => model.Layer(l).Tensor)]);
        var shapes = ShapeInference.Infer(graph);
        return layers.ToDictionary(l => l, l => shapes[model.Layer(l).Tensor]);
    }

    static long Channels(DreamModel model, string layer, int height = 224, int width = 224) => Shapes(model, height, width, layer)[layer][1];

    [Fact]
    public void BvlcGoogLeNetHasCaffesLayerNamesChannelsAndLooks()
    {
        var model = googlenet.Model;
        var shapes = ShapeInference.Infer(model.ForImage(224, 224));
        long[] Shape(string layer) => shapes[model.Layer(layer).Tensor];
        Assert.Equal([1, 512, 14, 14], Shape("inception_4c/output"));
        Assert.Equal([1, 480, 28, 28], Shape("inception_3b/output"));
        Assert.Equal([1, 192, 56, 56], Shape("conv2/3x3"));
        Assert.Equal([1, 64, 112, 112], Shape("conv1/7x7_s2"));
        Assert.Equal([1, 1024, 1, 1], Shape("pool5/7x7_s1"));
        Assert.Equal([1, 1000], Shape("loss3/classifier"));
        Assert.Equal("inception_4c/output", model.DefaultLayer);
        Assert.Equal("inception_4d/output", model.Presets["objects"]);
        Assert.Equal(new ImageConvention(true, 1, [104, 117, 123], [1, 1, 1]).Mean, model.Convention.Mean);
        Assert.True(model.Convention.Bgr);
    }

    [Fact]
    public void AnInPlaceReluLeavesTheBlobsNameOnItsLastValue()
    {
        // conv2/3x3 is written by its convolution and then, in place, by conv2/relu_3x3: the name reads the ReLU's output.
        var graph = googlenet.Model.ForImage(64, 64);
        var producer = graph.Graph.Node.Single(n => n.Output.Contains("conv2/3x3"));
        Assert.Equal("Relu", producer.OpType);
    }

    [Theory]
    [InlineData(301, 199)]
    [InlineData(224, 224)]
    [InlineData(97, 131)]
    public void PoolingRoundsUpAsCaffeDoesAtOddSizes(int width, int height)
    {
        string[] pools = ["pool1/3x3_s2", "pool2/3x3_s2", "pool3/3x3_s2", "pool4/3x3_s2", "inception_5b/output"];
        var shapes = Shapes(googlenet.Model, height, width, pools);
        long[] Size(string layer) => shapes[layer][2..];
        // conv1/7x7_s2: pad 3, kernel 7, stride 2 (rounded down); then each 3x3 stride-2 pool rounds up.
        long Conv(long s) => (s + 6 - 7) / 2 + 1;
        var (h, w) = (Conv(height), Conv(width));
        foreach (var pool in pools[..4])
        {
            (h, w) = (CaffeReplica.Pooled(h, 3, 2, 0), CaffeReplica.Pooled(w, 3, 2, 0));
            Assert.Equal([h, w], Size(pool));
        }
        Assert.Equal([h, w], Size("inception_5b/output"));
    }

    [Fact]
    public void The2014FileWithItsTrainingNetImportsFromItsDataLayer()
    {
        var net = CaffeModel.ReadWeights(googlenet.V1Training);
        Assert.NotEmpty(net.Layers);
        Assert.Empty(net.Layer);
        Assert.Contains(net.Layers, l => l.Type == V1LayerParameter.Types.LayerType.SoftmaxLoss);

        var model = CaffeModel.Load(googlenet.V1Training);

        Assert.Equal(2, net.Layers.Count(l => l.Type == V1LayerParameter.Types.LayerType.Data));
        Assert.Equal("bvlc_googlenet", CaffeNetworks.Recognize(CaffeImporter.Import(net, net).Blobs)!.Name);
        Assert.Equal(512, Channels(model, "inception_4c/output", 96, 96));
        // The auxiliary heads stay (they are layers like any other); what reads the labels does not.
        Assert.Equal(1000, Channels(model, "loss1/classifier"));
        Assert.DoesNotContain(model.Layers, l => l.Name is "label" or "loss3/loss3" or "loss1/loss1" or "loss3/top-1" or "loss3/top-5");
        // The same weights in a V2 file: the same activations.
        var photo = TestImages.Pattern(64, 48);
        using var sessions = new SessionCache();
        double Measure(DreamModel m) => new TiledGradient(m, Objective.Layer(m.Layer("inception_3b/output").Tensor), sessions, 512).Measure(photo);
        Assert.Equal(Measure(CaffeModel.Load(googlenet.V2Training)), Measure(model), 4);
    }

    [Fact]
    public void ADeployDefinitionBesideTheWeightsGivesTheNetsStructure()
    {
        var folder = Directory.CreateTempSubdirectory("caffe").FullName;
        try
        {
            var weights = Path.Combine(folder, "mine.caffemodel");
            File.Copy(googlenet.V1Training, weights);
            File.WriteAllText(Path.Combine(folder, "deploy.prototxt"), """
                name: "first layers only"
                input: "data"
                input_dim: 1 input_dim: 3 input_dim: 224 input_dim: 224
                layer { name: "conv1/7x7_s2" type: "Convolution" bottom: "data" top: "conv1/7x7_s2"
                        convolution_param { num_output: 64 pad: 3 kernel_size: 7 stride: 2 } }
                layer { name: "conv1/relu_7x7" type: "ReLU" bottom: "conv1/7x7_s2" top: "conv1/7x7_s2" }
                """);

            var model = CaffeModel.Load(weights);

            Assert.Equal(["conv1/7x7_s2"], model.Layers.Select(l => l.Name));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void GradientsMatchFiniteDifferencesAtSeveralLayers()
    {
        var report = GradientCheck.Run(googlenet.Model, ["conv2/3x3", "inception_3b/output", "inception_4c/output"], size: 64);
        Assert.Empty(report.UnsupportedOps);
        Assert.All(report.Checks, c => Assert.True(c.Passed, $"{c.Layer}: {c.RelativeError} {c.Error}"));
    }

    [Theory]
    [InlineData("inception_4c/output")]
    [InlineData("inception_3b/output")]
    public void ADreamRaisesTheNotebooksObjectives(string layer)
    {
        var options = new DreamOptions { Model = "bvlc_googlenet", Layer = layer, Iterations = 4, Octaves = 2, Seed = 3 };
        using var dreamer = new Dreamer(new DreamPlan(googlenet.Model, ObjectiveChoice.Layer(googlenet.Model, layer, null), options));
        var result = dreamer.Dream(TestImages.Pattern(96, 80));
        Assert.True(result.ObjectiveOutput > result.ObjectiveInput * 1.05, $"{result.ObjectiveInput} → {result.ObjectiveOutput}");
    }

    [Fact]
    public void Vgg16sConvolutionsImportWithTheirChannels()
    {
        // Its classifier (fc6 alone is 103 M weights) is left out of the replica: the convolutions are what dreams use.
        var weights = CaffeReplica.Write(CaffeReplica.Weights(GoogLeNetReplicas.Deploy("vgg16_places365"), seed: 7, last: "pool5"), "vgg16.caffemodel");
        try
        {
            var model = CaffeModel.Load(weights);
            string[] names = ["conv1_1", "conv1_2", "conv2_1", "conv2_2", "conv3_1", "conv3_2", "conv3_3", "conv4_1", "conv4_2", "conv4_3", "conv5_1", "conv5_2", "conv5_3"];
            var shapes = Shapes(model, 64, 96, [.. names, "pool5"]);
            long[] expected = [64, 64, 128, 128, 256, 256, 256, 512, 512, 512, 512, 512, 512];
            Assert.Equal(expected, names.Select(n => shapes[n][1]));
            Assert.Equal([1, 512, 2, 3], shapes["pool5"]);
        }
        finally { File.Delete(weights); }
    }
}
