using DeepDream.Graph;
using DeepDream.Importers.TensorFlow.Proto;
using Onnx;
using static DeepDream.Graph.Attributes;
using TfTensor = DeepDream.Importers.TensorFlow.Proto.TensorProto;

namespace DeepDream.Importers.TensorFlow;

/// <summary>A convolution as the DeepDream notebook lists it: its Conv2D op's name without "/conv".</summary>
internal sealed record ConvolutionLayer(string Name, long Channels);

/// <summary>A TensorFlow graph converted to ONNX (NCHW), with the convolutions the notebook counts.</summary>
internal sealed record ImportedGraph(ModelProto Model, IReadOnlyList<ConvolutionLayer> Convolutions);

/// <summary>
/// Converts a frozen TensorFlow GraphDef (NHWC) into an ONNX graph with the same tensor names.
/// Only 4-D tensors (feature maps) change layout, to NCHW: weights are transposed once at import and
/// axes remapped; tensors of any other rank (a classifier's matrices) are kept as they are, and a
/// Reshape or Squeeze between the two goes through TensorFlow's NHWC element order. TensorFlow's op
/// semantics (SAME padding, LRN's depth_radius, old-style Concat) are spelled in ONNX ops. Every input,
/// attribute and shape a converter uses is checked, and a bad one is an error naming the node.
/// </summary>
internal sealed class GraphDefImporter
{
    delegate void Converter(GraphDefImporter importer, TfNode node);

    /// <summary>Every op the importer converts; a graph with any other op is refused before any work, naming the op.</summary>
    static readonly Dictionary<string, Converter> Converters = new()
    {
        ["Const"] = (i, n) => i.Const(n),
        ["Placeholder"] = (i, n) => i.Placeholder(n),
        ["Conv2D"] = (i, n) => i.Conv2D(n),
        ["BiasAdd"] = (i, n) => i.BiasAdd(n),
        ["Relu"] = (i, n) => i.Same(n, "Relu", i.Value(n, n.Expect(1)[0])),
        ["Relu6"] = (i, n) => i.Same(n, "Clip", i.Value(n, n.Expect(1)[0]), i.g.Scalar(0), i.g.Scalar(6)),
        ["Identity"] = (i, n) => i.Identity(n),
        ["MaxPool"] = (i, n) => i.Pool(n, "MaxPool"),
        ["AvgPool"] = (i, n) => i.Pool(n, "AveragePool"),
        ["LRN"] = (i, n) => i.Lrn(n),
        ["Concat"] = (i, n) => i.Concat(n, n.ExpectAtLeast(2)[1..], n.Inputs[0]),
        ["ConcatV2"] = (i, n) => i.Concat(n, n.ExpectAtLeast(2)[..^1], n.Inputs[^1]),
        ["Reshape"] = (i, n) => i.Reshape(n),
        ["MatMul"] = (i, n) => i.MatMul(n),
        ["Softmax"] = (i, n) => i.Softmax(n),
        ["Squeeze"] = (i, n) => i.Squeeze(n),
    };

    /// <summary>NHWC axis → NCHW axis.</summary>
    static readonly long[] ToNchw = [0, 2, 3, 1];

    const long MaxWindow = 1 << 16;

    readonly Dictionary<string, TfTensor> constants = [];
    readonly Dictionary<string, TfValue> values = [];
    readonly List<ConvolutionLayer> convolutions = [];
    readonly GraphEditor g;

    GraphDefImporter()
    {
        var model = new ModelProto { IrVersion = 8, ProducerName = "deepdream TensorFlow importer", Graph = new GraphProto { Name = "tensorflow" } };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetUpgrade.Target });
        g = new GraphEditor(model);
    }

    public static ImportedGraph Import(GraphDef graph)
    {
        var unsupported = graph.Node.Where(n => !Converters.ContainsKey(n.Op)).GroupBy(n => n.Op).ToList();
        if (unsupported.Count > 0)
            throw new DeepDreamException("the TensorFlow graph uses ops this importer does not support: "
                + string.Join(", ", unsupported.Select(u => $"{u.Key} (node '{u.First().Name}')")));
        var importer = new GraphDefImporter();
        foreach (var node in NodeOrder.Sort(graph)) Converters[node.Op](importer, node);
        var model = importer.g.Model;
        if (model.Graph.Input.Count == 0) throw new DeepDreamException("the TensorFlow graph has no Placeholder for the image; pass a frozen inference graph");
        var consumed = model.Graph.Node.SelectMany(n => n.Input).ToHashSet();
        model.Graph.Output.AddRange(model.Graph.Node.SelectMany(n => n.Output).Where(o => !consumed.Contains(o)).Select(o => new ValueInfoProto { Name = o }));
        return new ImportedGraph(model, importer.convolutions);
    }

    void Const(TfNode node)
    {
        var tensor = node.Attribute("value").Tensor ?? throw node.Fail("has no tensor in its 'value' attribute");
        TfTensors.Dims(node, tensor);
        constants[node.Name] = tensor;
    }

    void Placeholder(TfNode node)
    {
        var dims = node.Has("shape") ? node.Attribute("shape").Shape?.Dim.Select(d => d.Size).ToArray() ?? [] : [];
        if (dims.Length is not (0 or 4) || (dims.Length == 4 && dims[3] is not (3 or -1)))
            throw node.Fail($"is of shape [{string.Join(", ", dims)}], not an NHWC image with 3 channels");
        if (node.Has("dtype") && node.Attribute("dtype").Type != DataType.DtFloat)
            throw node.Fail($"takes {node.Attribute("dtype").Type}, not float32 pixels");
        g.Graph.Input.Add(ValueInfos.Float(node.Name, 1, 3, null, null));
        values[node.Name] = new TfValue(4, 3);
    }

    void Conv2D(TfNode node)
    {
        var inputs = node.Expect(2);
        var x = FeatureMap(node, inputs[0]);
        var (hwio, dims) = FloatConstant(node, inputs[1]);
        if (dims.Length != 4 || dims.Any(d => d == 0))
            throw node.Fail($"has a filter of shape [{string.Join(", ", dims)}] where [height, width, in, out] is needed");
        var (kh, kw, cin, cout) = (dims[0], dims[1], dims[2], dims[3]);
        if (values[x].Depth is var depth and > 0 && depth != cin)
            throw node.Fail($"has a filter for {cin} input channels on a tensor of {depth} channels");
        var oihw = new float[hwio.Length];
        for (var h = 0; h < kh; h++)
            for (var w = 0; w < kw; w++)
                for (var i = 0; i < cin; i++)
                    for (var o = 0; o < cout; o++)
                        oihw[((o * cin + i) * kh + h) * kw + w] = hwio[((h * kw + w) * cin + i) * cout + o];
        List<AttributeProto> attributes = [Ints("strides", node.Window("strides", MaxWindow)), Ints("kernel_shape", [kh, kw]), Padding(node)];
        if (node.Has("dilations")) attributes.Add(Ints("dilations", node.Window("dilations", MaxWindow)));
        Emit(node, "Conv", new TfValue(4, cout), [x, g.Floats(oihw, cout, cin, kh, kw)], [.. attributes]);
        convolutions.Add(new ConvolutionLayer(node.Name.EndsWith("/conv") ? node.Name[..^5] : node.Name, cout));
    }

    void BiasAdd(TfNode node)
    {
        var inputs = node.Expect(2);
        RequireNhwc(node);
        var x = Value(node, inputs[0]);
        var (bias, dims) = FloatConstant(node, inputs[1]);
        var depth = values[x].Depth;
        if (dims.Length != 1 || (depth > 0 && dims[0] != depth))
            throw node.Fail($"adds a bias of shape [{string.Join(", ", dims)}] to a tensor of {depth} channels");
        Same(node, "Add", x, values[x].Rank == 4 ? g.Floats(bias, bias.Length, 1, 1) : g.Floats(bias, bias.Length));
    }

    /// <summary>Frozen graphs often read weights through an Identity ("X_w/read"): it stays a constant.</summary>
    void Identity(TfNode node)
    {
        var input = node.Expect(1)[0];
        if (constants.TryGetValue(input, out var tensor) && !values.ContainsKey(input)) constants[node.Name] = tensor;
        else Same(node, "Identity", Value(node, input));
    }

    void Pool(TfNode node, string op)
    {
        var x = FeatureMap(node, node.Expect(1)[0]);
        List<AttributeProto> attributes = [Ints("kernel_shape", node.Window("ksize", MaxWindow)), Ints("strides", node.Window("strides", MaxWindow)), Padding(node)];
        if (op == "AveragePool") attributes.Add(Int("count_include_pad", 0)); // TensorFlow averages over real pixels only
        Same(node, op, [x], [.. attributes]);
    }

    /// <summary>
    /// TensorFlow: x / (bias + alpha · Σ_{|d'−d| ≤ r} x²)^beta. ONNX divides alpha by the window size,
    /// so size = 2r + 1 and alpha_onnx = alpha · size.
    /// </summary>
    void Lrn(TfNode node)
    {
        var x = FeatureMap(node, node.Expect(1)[0]);
        var size = 2 * node.Int("depth_radius", 5, 0, 1024) + 1;
        Same(node, "LRN", [x], Int("size", size), Float("alpha", node.Float("alpha", 1, 0, 1e6f) * size),
            Float("beta", node.Float("beta", 0.5f, 0, 100)), Float("bias", node.Float("bias", 1, 1e-12f, 1e6f)));
    }

    void Concat(TfNode node, IReadOnlyList<string> inputs, string axisTensor)
    {
        var axes = IntConstant(node, axisTensor);
        var parts = inputs.Select(i => Value(node, i)).ToArray();
        var rank = values[parts[0]].Rank;
        if (axes.Length != 1 || parts.Any(p => values[p].Rank != rank) || axes[0] < -rank || axes[0] >= rank)
            throw node.Fail($"joins tensors of ranks {string.Join(", ", parts.Select(p => values[p].Rank))} along axis [{string.Join(", ", axes)}]");
        var axis = axes[0] < 0 ? axes[0] + rank : axes[0];
        var depth = axis != rank - 1 ? values[parts[0]].Depth
            : parts.All(p => values[p].Depth > 0) ? parts.Sum(p => values[p].Depth) : -1;
        Emit(node, "Concat", new TfValue(rank, depth), parts, Int("axis", rank == 4 ? ToNchw[axis] : axis));
    }

    /// <summary>Reshapes follow TensorFlow's NHWC element order: feature maps go back to NHWC first, and 4-D results to NCHW after.</summary>
    void Reshape(TfNode node)
    {
        var inputs = node.Expect(2);
        var x = Value(node, inputs[0]);
        var shape = IntConstant(node, inputs[1]);
        if (shape.Length is 0 or > 8 || shape.Any(d => d is 0 or < -1) || shape.Count(d => d == -1) > 1)
            throw node.Fail($"reshapes to [{string.Join(", ", shape)}], which is not a valid shape");
        EmitFromNhwc(node, "Reshape", new TfValue(shape.Length, shape[^1]), x, g.Int64s(shape));
    }

    void MatMul(TfNode node)
    {
        var inputs = node.Expect(2);
        var (a, b) = (Value(node, inputs[0]), Value(node, inputs[1]));
        if (values[a].Rank != 2 || values[b].Rank != 2)
            throw node.Fail($"multiplies tensors of ranks {values[a].Rank} and {values[b].Rank}; only matrices are supported");
        var (transposeA, transposeB) = (node.Bool("transpose_a"), node.Bool("transpose_b"));
        var inner = transposeA ? -1 : values[a].Depth;
        var (bInner, columns) = constants.TryGetValue(inputs[1], out var weights) && TfTensors.Dims(node, weights) is [var rows, var cols]
            ? transposeB ? (cols, rows) : (rows, cols) : (-1, transposeB ? -1 : values[b].Depth);
        if (inner > 0 && bInner > 0 && inner != bInner) throw node.Fail($"multiplies a matrix of {inner} columns by one of {bInner} rows");
        Emit(node, "MatMul", new TfValue(2, columns), [transposeA ? g.Node("Transpose", [a]) : a, transposeB ? g.Node("Transpose", [b]) : b]);
    }

    /// <summary>TensorFlow's softmax runs over the last axis: the channels, which are axis 1 of a feature map here.</summary>
    void Softmax(TfNode node)
    {
        var x = Value(node, node.Expect(1)[0]);
        Same(node, "Softmax", [x], Int("axis", values[x].Rank == 4 ? 1 : -1));
    }

    void Squeeze(TfNode node)
    {
        var x = Value(node, node.Expect(1)[0]);
        var rank = values[x].Rank;
        var dims = node.Has("squeeze_dims") ? node.Attribute("squeeze_dims").List?.I.ToArray() ?? [] : [];
        if (dims.Length == 0 || dims.Any(d => d < -rank || d >= rank))
            throw node.Fail($"squeezes axes [{string.Join(", ", dims)}] of a rank-{rank} tensor; name the axes, each within the rank");
        var axes = dims.Select(d => d < 0 ? d + rank : d).Distinct().ToArray();
        EmitFromNhwc(node, "Squeeze", new TfValue(rank - axes.Length, axes.Contains(rank - 1) ? -1 : values[x].Depth), x, g.Int64s(axes));
    }

    /// <summary>An op whose output has its input's rank and channels.</summary>
    void Same(TfNode node, string op, string x, params string[] more) => Same(node, op, [x, .. more]);

    void Same(TfNode node, string op, string[] inputs, params AttributeProto[] attributes) =>
        Emit(node, op, values[inputs[0]], inputs, attributes);

    void Emit(TfNode node, string op, TfValue result, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        g.NodeInto(node.Name, op, inputs, attributes);
        values[node.Name] = result;
    }

    /// <summary>An op that moves elements in TensorFlow's order: a feature-map input goes to NHWC first, and a 4-D result to NCHW after.</summary>
    void EmitFromNhwc(TfNode node, string op, TfValue result, string x, string argument)
    {
        var source = values[x].Rank == 4 ? g.Node("Transpose", [x], Ints("perm", [0L, 2, 3, 1])) : x;
        if (result.Rank == 4) Emit(node, "Transpose", result, [g.Node(op, [source, argument])], Ints("perm", [0L, 3, 1, 2]));
        else Emit(node, op, result, [source, argument]);
    }

    /// <summary>A tensor the node reads, as an ONNX operand: a constant becomes an initializer (int32 widened to int64) on first use.</summary>
    string Value(TfNode node, string name)
    {
        if (values.ContainsKey(name)) return name;
        if (!constants.TryGetValue(name, out var tensor)) throw node.Fail($"reads '{name}', which is not a tensor this importer can read");
        var dims = TfTensors.Dims(node, tensor);
        if (dims.Length == 4) throw node.Fail($"reads the constant '{name}' as a feature map; only computed feature maps are supported");
        g.Graph.Initializer.Add(tensor.Dtype == DataType.DtFloat
            ? Tensors.Float(name, TfTensors.Floats(node, tensor), dims)
            : Tensors.Int64(name, TfTensors.Ints(node, tensor), dims));
        values[name] = new TfValue(dims.Length, dims.Length > 0 ? dims[^1] : -1);
        return name;
    }

    string FeatureMap(TfNode node, string name)
    {
        RequireNhwc(node);
        var x = Value(node, name);
        return values[x].Rank == 4 ? x : throw node.Fail($"reads '{name}' of rank {values[x].Rank} where a 4-D feature map is needed");
    }

    (float[] Values, long[] Dims) FloatConstant(TfNode node, string name) =>
        constants.TryGetValue(name, out var t) ? (TfTensors.Floats(node, t), TfTensors.Dims(node, t)) : throw NotConstant(node, name);

    long[] IntConstant(TfNode node, string name) =>
        constants.TryGetValue(name, out var t) ? TfTensors.Ints(node, t) : throw NotConstant(node, name);

    static DeepDreamException NotConstant(TfNode node, string name) =>
        new($"node '{node.Name}' ({node.Op}) needs a constant for '{name}'; only frozen graphs can be imported");

    static void RequireNhwc(TfNode node)
    {
        if (node.Has("data_format") && node.Attribute("data_format").S.ToStringUtf8() is not ("NHWC" or "") and var format)
            throw node.Fail($"uses data format '{format}'; only NHWC graphs are supported");
    }

    /// <summary>TensorFlow's SAME puts the odd pixel of padding after, which ONNX calls SAME_UPPER; it is resolved for each concrete size.</summary>
    static AttributeProto Padding(TfNode node) =>
        Attributes.String("auto_pad", node.Text("padding", "SAME", "VALID") == "SAME" ? "SAME_UPPER" : "VALID");

    /// <summary>What the importer knows of a tensor: its rank, and the size of its last axis in TensorFlow's layout (channels or features; -1 if unknown).</summary>
    readonly record struct TfValue(int Rank, long Depth);
}
