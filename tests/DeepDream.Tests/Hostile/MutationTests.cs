using DeepDream.Benchmarks;
using DeepDream.Dreaming;
using DeepDream.Graph;
using DeepDream.Imaging;
using DeepDream.Importers.Caffe.Proto;
using DeepDream.Importers.TensorFlow.Proto;
using DeepDream.Models;
using DeepDream.Runtime;
using DeepDream.Tests.Support;
using Google.Protobuf;
using SkiaSharp;
using Xunit;
using static DeepDream.Graph.Attributes;

namespace DeepDream.Tests.Hostile;

/// <summary>
/// Every parser we own or feed, given seeded damaged files: each case either dreams or fails with
/// one clean line (a DeepDreamException, which the CLI and the studio print as is) — never another
/// exception, which users would see as an internal error, and never a hang.
/// </summary>
public sealed class MutationTests : IDisposable
{
    const int Cases = 36;

    static readonly DreamOptions Quick = new() { Iterations = 1, Octaves = 2, Jitter = 4, Seed = 1 };
    readonly SessionCache sessions = new();

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(0, Cases)];

    /// <summary>Four photos in four encodings; each seed damages one of them.</summary>
    static readonly Lazy<(string Name, byte[] Bytes)[]> Images = new(() =>
    {
        var photo = ImageFile.Read(TestImages.Photo("chelsea.png"), 64);
        return
        [
            ("rocket.jpg", File.ReadAllBytes(TestImages.Photo("rocket.jpg"))),
            ("chelsea.png", ImageFile.Encode(photo, SKEncodedImageFormat.Png)),
            ("chelsea.jpg", ImageFile.Encode(photo, SKEncodedImageFormat.Jpeg)),
            ("chelsea.webp", ImageFile.Encode(photo, SKEncodedImageFormat.Webp)),
        ];
    });

    [Theory]
    [MemberData(nameof(Seeds))]
    public void DamagedImagesDreamOrFailCleanly(int seed)
    {
        var (name, original) = Images.Value[seed % Images.Value.Length];
        var path = TestImages.Write(name, Mutations.Apply(original, seed));
        CleanOutcome(() =>
        {
            var image = ImageFile.Read(path, 48);
            using var dreamer = new Dreamer(DreamPlan.Resolve(ModelCatalog.Load(ModelCatalog.DefaultModel), Quick with { Layer = "edges" }), sessions);
            dreamer.Dream(image);
        });
    }

    /// <summary>A small ONNX image network, so that damage lands in its structure as often as in its weights.</summary>
    static readonly Lazy<byte[]> SmallOnnx = new(() =>
    {
        var random = new Random(2);
        var net = new TinyGraph(1, 3, 32, 32);
        var x = net.Op("Conv", [TinyGraph.X, net.Random(random, 8, 3, 3, 3), net.Random(random, 8)], Ints("kernel_shape", [3, 3]), Ints("pads", [1, 1, 1, 1]));
        x = net.Op("Relu", [x]);
        x = net.Op("MaxPool", [x], Ints("kernel_shape", [2, 2]), Ints("strides", [2, 2]));
        x = net.Op("Conv", [x, net.Random(random, 8, 8, 3, 3)], Ints("kernel_shape", [3, 3]), Ints("pads", [1, 1, 1, 1]));
        net.Op("Relu", [x]);
        var path = TestImages.TempPath("small.onnx");
        net.Save(path);
        return File.ReadAllBytes(path);
    });

    [Theory]
    [MemberData(nameof(Seeds))]
    public void DamagedOnnxModelsDreamOrFailCleanly(int seed) =>
        DreamsOrFailsCleanly(TestImages.Write("damaged.onnx", Mutations.Apply(SmallOnnx.Value, seed)));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void DamagedOnnxNodesDreamOrFailCleanly(int seed) =>
        DreamsOrFailsCleanly(TestImages.Write("damaged.onnx", DamageANode(SmallOnnx.Value, seed)));

    /// <summary>torch.onnx.export's views computed from shapes (ShuffleNet's, with dynamic axes) and built from constants (opset 8).</summary>
    static readonly string[] ShapeArithmetic = ["shufflenet-shuffle-dynamic-13.onnx", "shufflenet-shuffle-8.onnx"];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void DamagedExportsWithShapeArithmeticDreamOrFailCleanly(int seed)
    {
        var export = File.ReadAllBytes(Path.Combine(TestImages.RepositoryRoot, "tests", "DeepDream.Tests", "Models", "Exports", ShapeArithmetic[seed % 2]));
        DreamsOrFailsCleanly(TestImages.Write("damaged.onnx", seed % 3 == 0 ? Mutations.Apply(export, seed) : DamageANode(export, seed / 2)));
    }

    static byte[] DamageANode(byte[] file, int seed)
    {
        var model = Onnx.ModelProto.Parser.ParseFrom(file);
        var random = new Random(seed);
        var node = model.Graph.Node[random.Next(model.Graph.Node.Count)];
        switch (seed % 6)
        {
            case 0: node.Attribute.Clear(); break;
            case 1: node.Input.Clear(); break;
            case 2: node.Output.Clear(); break;
            case 3: node.OpType = model.Graph.Node[random.Next(model.Graph.Node.Count)].OpType; break;
            case 4: model.Graph.Initializer[random.Next(model.Graph.Initializer.Count)].Dims[0] = random.Next(-3, 100); break;
            default:
                var other = model.Graph.Node[random.Next(model.Graph.Node.Count)].Output[0];
                if (node.Input.Count == 0) node.Input.Add(other); else node.Input[0] = other;
                break;
        }
        return model.ToByteArray();
    }

    /// <summary>The inception5h replica, narrowed to a small file with the same nodes.</summary>
    static readonly Lazy<byte[]> NarrowReplica = new(() => Inception5hReplica.Build(narrow: 32).ToByteArray());

    [Theory]
    [MemberData(nameof(Seeds))]
    public void DamagedTensorFlowGraphsDreamOrFailCleanly(int seed) =>
        DreamsOrFailsCleanly(TestImages.Write("damaged.pb", Mutations.Apply(NarrowReplica.Value, seed)));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void DamagedTensorFlowNodesDreamOrFailCleanly(int seed)
    {
        var graph = GraphDef.Parser.ParseFrom(NarrowReplica.Value);
        var random = new Random(seed);
        var node = graph.Node[random.Next(graph.Node.Count)];
        var attribute = node.Attr.Keys.ElementAtOrDefault(random.Next(Math.Max(1, node.Attr.Count)));
        switch (seed % 6)
        {
            case 0 when attribute is not null: node.Attr.Remove(attribute); break;
            case 1 when attribute is not null: node.Attr[attribute] = new AttrValue { I = random.Next(-5, 5) }; break;
            case 2: node.Input.Clear(); break;
            case 3: node.Op = graph.Node[random.Next(graph.Node.Count)].Op; break;
            case 4: node.Input.Add(graph.Node[random.Next(graph.Node.Count)].Name); break;
            default: node.Name = graph.Node[random.Next(graph.Node.Count)].Name; break;
        }
        DreamsOrFailsCleanly(TestImages.Write("damaged.pb", graph.ToByteArray()));
    }

    /// <summary>A small Caffe net of every layer type the importer converts, as a 2015+ file (even seeds) or a 2014 one (odd seeds).</summary>
    static readonly Lazy<byte[][]> SmallCaffe = new(() =>
    {
        LayerParameter Layer(string name, string type, string bottom, string? top = null, Action<LayerParameter>? set = null)
        {
            var layer = new LayerParameter { Name = name, Type = type, Bottom = { bottom }, Top = { top ?? name } };
            set?.Invoke(layer);
            return layer;
        }
        var deploy = new NetParameter { Name = "small", Input = { "data" }, InputDim = { 1, 3, 224, 224 } };
        deploy.Layer.Add(Layer("conv1", "Convolution", "data", set: l => l.ConvolutionParam = new() { NumOutput = 8, KernelSize = { 3 }, Pad = { 1 }, Stride = { 2 } }));
        deploy.Layer.Add(Layer("relu1", "ReLU", "conv1", "conv1"));
        deploy.Layer.Add(Layer("pool1", "Pooling", "conv1", set: l => l.PoolingParam = new() { KernelSize = 3, Stride = 2 }));
        deploy.Layer.Add(Layer("norm1", "LRN", "pool1", set: l => l.LrnParam = new() { LocalSize = 5, Alpha = 1e-4f, Beta = 0.75f }));
        deploy.Layer.Add(Layer("a", "Convolution", "norm1", set: l => l.ConvolutionParam = new() { NumOutput = 4, KernelSize = { 1 } }));
        deploy.Layer.Add(Layer("b", "Convolution", "norm1", set: l => l.ConvolutionParam = new() { NumOutput = 4, KernelSize = { 3 }, Pad = { 1 }, Group = 2 }));
        deploy.Layer.Add(new LayerParameter { Name = "mix", Type = "Concat", Bottom = { "a", "b" }, Top = { "mix" } });
        deploy.Layer.Add(Layer("pool2", "Pooling", "mix", set: l => l.PoolingParam = new() { Pool = PoolingParameter.Types.PoolMethod.Ave, KernelSize = 3, Stride = 1, Pad = 1 }));
        deploy.Layer.Add(Layer("drop", "Dropout", "pool2", "pool2"));
        deploy.Layer.Add(Layer("fc", "InnerProduct", "pool2", set: l => l.InnerProductParam = new() { NumOutput = 10 }));
        deploy.Layer.Add(Layer("prob", "Softmax", "fc"));
        return [CaffeReplica.Weights(deploy, 1).ToByteArray(), CaffeReplica.Weights(deploy, 1, CaffeReplica.Format.V1).ToByteArray()];
    });

    [Theory]
    [MemberData(nameof(Seeds))]
    public void DamagedCaffeModelsDreamOrFailCleanly(int seed) =>
        DreamsOrFailsCleanly(TestImages.Write("damaged.caffemodel", Mutations.Apply(SmallCaffe.Value[seed % 2], seed)));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void DamagedCaffeLayersDreamOrFailCleanly(int seed)
    {
        var net = NetParameter.Parser.ParseFrom(SmallCaffe.Value[0]);
        var random = new Random(seed);
        var layer = net.Layer[random.Next(net.Layer.Count)];
        switch (seed % 6)
        {
            case 0: layer.Bottom.Clear(); break;
            case 1: layer.Type = net.Layer[random.Next(net.Layer.Count)].Type; break;
            case 2 when layer.Blobs.Count > 0: layer.Blobs[0].Shape.Dim[random.Next(layer.Blobs[0].Shape.Dim.Count)] = random.Next(-3, 40); break;
            case 3 when layer.Blobs.Count > 0: layer.Blobs[random.Next(layer.Blobs.Count)].Data.RemoveAt(0); break;
            case 4: layer.Top.Add(net.Layer[random.Next(net.Layer.Count)].Top[0]); break;
            default: layer.Bottom.Add(net.Layer[random.Next(net.Layer.Count)].Top[0]); break;
        }
        DreamsOrFailsCleanly(TestImages.Write("damaged.caffemodel", net.ToByteArray()));
    }

    /// <summary>Loads a model file as `--model FILE` does, and dreams a little on its default layer.</summary>
    void DreamsOrFailsCleanly(string modelPath) => CleanOutcome(() =>
    {
        // Sessions of its own: every damaged file has the same name, and sessions are cached by model name.
        using var dreamer = new Dreamer(DreamPlan.Resolve(ModelCatalog.Load(modelPath), Quick));
        dreamer.Dream(TestImages.Pattern(40, 32));
    });

    static void CleanOutcome(Action dream) => Mutations.Bounded(() =>
    {
        try { dream(); }
        catch (DeepDreamException e)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
            Assert.DoesNotContain('\n', e.Message);
        }
    });


    public void Dispose() => sessions.Dispose();
}
