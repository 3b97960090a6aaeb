using System.Runtime.InteropServices;
using DeepDream.Importers.TensorFlow.Proto;
using Google.Protobuf;

namespace DeepDream.Benchmarks;

/// <summary>
/// A random-weight replica of Google's inception5h GraphDef, built from ../shared/reference/inception5h.md:
/// the same node names, ops, attributes and shapes, weights as Const nodes with tensor_content.
/// A fixture for tests and benchmarks of the real architecture, never a model: its weights mean nothing.
/// </summary>
public static class Inception5hReplica
{
    static readonly (string Name, int C1, int B3, int C3, int B5, int C5, int Pool)[] Blocks =
    [
        ("mixed3a", 64, 96, 128, 16, 32, 32), ("mixed3b", 128, 128, 192, 32, 96, 64),
        ("mixed4a", 192, 96, 204, 16, 48, 64), ("mixed4b", 160, 112, 224, 24, 64, 64), ("mixed4c", 128, 128, 256, 24, 64, 64),
        ("mixed4d", 112, 144, 288, 32, 64, 64), ("mixed4e", 256, 160, 320, 32, 128, 128),
        ("mixed5a", 256, 160, 320, 48, 128, 128), ("mixed5b", 384, 192, 384, 48, 128, 128),
    ];

    /// <param name="narrow">Divides every layer's width (channels, hidden units, classes): a narrow replica has the
    /// same graph in a small file, for tests that run it many times.</param>
    internal static GraphDef Build(int seed = 1, int narrow = 1)
    {
        var b = new Builder(new Random(seed), narrow);
        b.Node("input", "Placeholder", [], ("dtype", new AttrValue { Type = DataType.DtFloat }),
            ("shape", new AttrValue { Shape = Shape(-1, -1, -1, 3) }));
        var x = b.Conv("conv2d0", "input", 7, 3, b.W(64), 2);
        x = b.Pool("maxpool0", "MaxPool", x, 3, 2, "SAME");
        x = b.Lrn("localresponsenorm0", x);
        x = b.Conv("conv2d1", x, 1, b.W(64), b.W(64));
        x = b.Conv("conv2d2", x, 3, b.W(64), b.W(192));
        x = b.Lrn("localresponsenorm1", x);
        x = b.Pool("maxpool1", "MaxPool", x, 3, 2, "SAME");
        var depth = b.W(192);
        var channels = new Dictionary<string, int>();
        foreach (var block in Blocks)
        {
            if (block.Name == "mixed4a") x = b.Pool("maxpool4", "MaxPool", x, 3, 2, "SAME");
            if (block.Name == "mixed5a") x = b.Pool("maxpool10", "MaxPool", x, 3, 2, "SAME");
            x = b.Inception(block, x, depth);
            depth = channels[x] = b.W(block.C1) + b.W(block.C3) + b.W(block.C5) + b.W(block.Pool);
        }
        // In the file's order: the main pool, the two auxiliary heads, then the main classifier.
        var pooled = b.Pool("avgpool0", "AvgPool", x, 7, 1, "VALID");
        b.Head("head0", "mixed4a", channels["mixed4a"], "nn0", "softmax0", "output");
        b.Head("head1", "mixed4d", channels["mixed4d"], "nn1", "softmax1", "output1");
        var flat = b.Reshape("avgpool0/reshape", pooled, -1, b.W(1024));
        b.Node("output2", "Identity", [b.Dense("softmax2", flat, b.W(1024), b.W(1008), "Softmax")]);
        return b.Graph;
    }

    public static string Write(string path, int seed = 1, int narrow = 1)
    {
        using var file = File.Create(path);
        Build(seed, narrow).WriteTo(file);
        return path;
    }

    static TensorShapeProto Shape(params long[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.AddRange(dims.Select(d => new TensorShapeProto.Types.Dim { Size = d }));
        return shape;
    }

    sealed class Builder(Random random, int narrow)
    {
        public GraphDef Graph { get; } = new();

        /// <summary>A layer width, narrowed.</summary>
        public int W(int width) => Math.Max(1, width / narrow);

        public string Node(string name, string op, string[] inputs, params (string Key, AttrValue Value)[] attributes)
        {
            var node = new NodeDef { Name = name, Op = op };
            node.Input.AddRange(inputs);
            foreach (var (key, value) in attributes) node.Attr[key] = value;
            Graph.Node.Add(node);
            return name;
        }

        string Const(string name, TensorProto tensor) =>
            Node(name, "Const", [], ("dtype", new AttrValue { Type = tensor.Dtype }), ("value", new AttrValue { Tensor = tensor }));

        /// <summary>Uniform weights scaled like He initialization, so activations keep a sane size through the depth.</summary>
        string Weights(string name, long fanIn, params long[] dims)
        {
            var limit = Math.Sqrt(6.0 / fanIn);
            var values = new float[dims.Aggregate(1L, (a, d) => a * d)];
            for (var i = 0; i < values.Length; i++) values[i] = (float)((random.NextDouble() * 2 - 1) * limit);
            return Const(name, new TensorProto { Dtype = DataType.DtFloat, TensorShape = Shape(dims), TensorContent = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) });
        }

        string Ints(string name, params int[] values) =>
            Const(name, new TensorProto { Dtype = DataType.DtInt32, TensorShape = values.Length == 1 ? Shape() : Shape(values.Length), TensorContent = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) });

        static AttrValue List(params long[] values)
        {
            var list = new AttrValue.Types.ListValue();
            list.I.AddRange(values);
            return new AttrValue { List = list };
        }

        static AttrValue Text(string s) => new() { S = ByteString.CopyFromUtf8(s) };

        static readonly (string, AttrValue) Float32 = ("T", new AttrValue { Type = DataType.DtFloat });

        public string Conv(string name, string input, int k, int cin, int cout, int stride = 1)
        {
            var w = Weights($"{name}_w", k * k * cin, k, k, cin, cout);
            var bias = Weights($"{name}_b", cout * 4, cout);
            var conv = Node($"{name}_pre_relu/conv", "Conv2D", [input, w], Float32, ("strides", List(1, stride, stride, 1)),
                ("padding", Text("SAME")), ("data_format", Text("NHWC")), ("use_cudnn_on_gpu", new AttrValue { B = true }));
            var pre = Node($"{name}_pre_relu", "BiasAdd", [conv, bias], Float32, ("data_format", Text("NHWC")));
            return Node(name, "Relu", [pre], Float32);
        }

        public string Pool(string name, string op, string input, int k, int stride, string padding) =>
            Node(name, op, [input], Float32, ("ksize", List(1, k, k, 1)), ("strides", List(1, stride, stride, 1)), ("padding", Text(padding)), ("data_format", Text("NHWC")));

        public string Lrn(string name, string input) =>
            Node(name, "LRN", [input], Float32, ("depth_radius", new AttrValue { I = 4 }), ("bias", new AttrValue { F = 1 }),
                ("alpha", new AttrValue { F = 1e-4f }), ("beta", new AttrValue { F = 0.5f }));

        public string Inception((string Name, int C1, int B3, int C3, int B5, int C5, int Pool) m, string input, int cin)
        {
            var c1 = Conv($"{m.Name}_1x1", input, 1, cin, W(m.C1));
            var b3 = Conv($"{m.Name}_3x3_bottleneck", input, 1, cin, W(m.B3));
            var b5 = Conv($"{m.Name}_5x5_bottleneck", input, 1, cin, W(m.B5));
            var pool = Pool($"{m.Name}_pool", "MaxPool", input, 3, 1, "SAME");
            var reduce = Conv($"{m.Name}_pool_reduce", pool, 1, cin, W(m.Pool));
            var c3 = Conv($"{m.Name}_3x3", b3, 3, W(m.B3), W(m.C3));
            var c5 = Conv($"{m.Name}_5x5", b5, 5, W(m.B5), W(m.C5));
            var axis = Ints($"{m.Name}/concat_dim", 3);
            return Node(m.Name, "Concat", [axis, c1, c3, c5, reduce], Float32, ("N", new AttrValue { I = 4 }));
        }

        public string Reshape(string name, string input, params int[] shape) =>
            Node(name, "Reshape", [input, Ints($"{name}/shape", shape)], Float32);

        public string Dense(string name, string input, int inputs, int outputs, string activation)
        {
            var matmul = Node($"{name}_pre_activation/matmul", "MatMul", [input, Weights($"{name}_w", inputs, inputs, outputs)], Float32);
            var pre = Node($"{name}_pre_activation", "BiasAdd", [matmul, Weights($"{name}_b", outputs * 4, outputs)], Float32);
            return Node(name, activation, [pre], Float32);
        }

        /// <summary>An auxiliary classifier: at 224x224 its pool leaves 4x4 pixels, flattened to 16 x 128 features.</summary>
        public void Head(string head, string input, int channels, string hidden, string softmax, string output)
        {
            var pooled = Pool($"{head}_pool", "AvgPool", input, 5, 3, "VALID");
            var bottleneck = Conv($"{head}_bottleneck", pooled, 1, channels, W(128));
            var flat = Reshape($"{head}_bottleneck/reshape", bottleneck, -1, 16 * W(128));
            var nn = Reshape($"{hidden}/reshape", Dense(hidden, flat, 16 * W(128), W(1024), "Relu"), -1, W(1024));
            Node(output, "Identity", [Dense(softmax, nn, W(1024), W(1008), "Softmax")]);
        }
    }
}
