using System.Runtime.InteropServices;
using DeepDream.Graph;
using DeepDream.Importers.TensorFlow.Proto;
using Onnx;
using static DeepDream.Graph.Attributes;
using TfTensor = DeepDream.Importers.TensorFlow.Proto.TensorProto;

namespace DeepDream.Importers.TensorFlow;

/// <summary>A convolution as the DeepDream notebook lists it: its Conv2D op's name without "/conv".</summary>
public sealed record ConvolutionLayer(string Name, long Channels);

/// <summary>A TensorFlow graph converted to ONNX (NCHW), with the convolutions the notebook counts.</summary>
public sealed record ImportedGraph(ModelProto Model, IReadOnlyList<ConvolutionLayer> Convolutions);

/// <summary>
/// Converts a frozen TensorFlow GraphDef (NHWC) into an ONNX graph (NCHW) with the same tensor names:
/// weights are transposed once at import, axes are remapped, and TensorFlow's op semantics
/// (SAME padding, LRN's depth_radius, old-style Concat) are spelled in ONNX ops.
/// </summary>
public sealed class GraphDefImporter
{
    static readonly HashSet<string> Supported =
        ["Placeholder", "Const", "Conv2D", "BiasAdd", "Relu", "Relu6", "MaxPool", "AvgPool", "LRN", "Concat", "ConcatV2", "Reshape", "MatMul", "Softmax", "Identity", "Squeeze"];

    /// <summary>NHWC axis → NCHW axis.</summary>
    static readonly long[] ToNchw = [0, 2, 3, 1];

    readonly Dictionary<string, TfTensor> constants = [];
    readonly HashSet<string> images = [];   // tensors that are 4-D feature maps (NCHW on our side)
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
        var unsupported = graph.Node.Where(n => !Supported.Contains(n.Op)).GroupBy(n => n.Op).ToList();
        if (unsupported.Count > 0)
            throw new DeepDreamException("the TensorFlow graph uses ops this importer does not support: "
                + string.Join(", ", unsupported.Select(u => $"{u.Key} (node '{u.First().Name}')")));
        var importer = new GraphDefImporter();
        foreach (var node in graph.Node) importer.Convert(node);
        var model = importer.g.Model;
        var consumed = model.Graph.Node.SelectMany(n => n.Input).ToHashSet();
        model.Graph.Output.AddRange(model.Graph.Node.SelectMany(n => n.Output).Where(o => !consumed.Contains(o)).Select(o => new ValueInfoProto { Name = o }));
        return new ImportedGraph(model, importer.convolutions);
    }

    void Convert(NodeDef node)
    {
        var inputs = node.Input.Where(i => !i.StartsWith('^')).Select(i => i.EndsWith(":0") ? i[..^2] : i).ToArray();
        switch (node.Op)
        {
            case "Const": constants[node.Name] = node.Attr["value"].Tensor; break;
            case "Placeholder": Placeholder(node); break;
            case "Conv2D": Conv2D(node, inputs); break;
            case "BiasAdd": BiasAdd(node, inputs); break;
            case "Relu": Image(node, "Relu", [Operand(inputs[0])]); break;
            case "Relu6": Image(node, "Clip", [Operand(inputs[0]), g.Scalar(0), g.Scalar(6)]); break;
            case "MaxPool": Pool(node, inputs, "MaxPool"); break;
            case "AvgPool": Pool(node, inputs, "AveragePool"); break;
            case "LRN": Lrn(node, inputs); break;
            case "Concat": Concat(node, inputs[1..], inputs[0]); break;
            case "ConcatV2": Concat(node, inputs[..^1], inputs[^1]); break;
            case "Reshape": Reshape(node, inputs); break;
            case "MatMul": MatMul(node, inputs); break;
            case "Softmax": Emit(node, "Softmax", [Operand(inputs[0])], Int("axis", images.Contains(inputs[0]) ? 1 : -1)); break;
            case "Identity": Same(node, "Identity", inputs[0]); break;
            case "Squeeze": Squeeze(node, inputs); break;
        }
    }

    void Placeholder(NodeDef node)
    {
        var dims = node.Attr.TryGetValue("shape", out var shape) ? shape.Shape.Dim.Select(d => d.Size).ToArray() : [];
        if (dims.Length is not (0 or 4) || (dims.Length == 4 && dims[3] is not (3 or -1)))
            throw new DeepDreamException($"placeholder '{node.Name}' is not an NHWC image with 3 channels");
        g.Graph.Input.Add(ValueInfos.Float(node.Name, 1, 3, null, null));
        images.Add(node.Name);
    }

    void Conv2D(NodeDef node, string[] inputs)
    {
        RequireNhwc(node);
        var filter = Constant(node, inputs[1]);
        var dims = Dims(filter);                       // HWIO
        var hwio = FloatValues(filter);
        var oihw = new float[hwio.Length];
        var (kh, kw, cin, cout) = (dims[0], dims[1], dims[2], dims[3]);
        for (var h = 0; h < kh; h++)
            for (var w = 0; w < kw; w++)
                for (var i = 0; i < cin; i++)
                    for (var o = 0; o < cout; o++)
                        oihw[((o * cin + i) * kh + h) * kw + w] = hwio[((h * kw + w) * cin + i) * cout + o];
        var weights = g.Floats(oihw, cout, cin, kh, kw);
        Image(node, "Conv", [Operand(inputs[0]), weights], [.. Window(node, "strides"), Ints("kernel_shape", [kh, kw]), .. Dilations(node), Padding(node)]);
        convolutions.Add(new ConvolutionLayer(node.Name.EndsWith("/conv") ? node.Name[..^5] : node.Name, cout));
    }

    void BiasAdd(NodeDef node, string[] inputs)
    {
        RequireNhwc(node);
        var bias = FloatValues(Constant(node, inputs[1]));
        var shaped = images.Contains(inputs[0]) ? g.Floats(bias, bias.Length, 1, 1) : g.Floats(bias, bias.Length);
        Same(node, "Add", inputs[0], shaped);
    }

    void Pool(NodeDef node, string[] inputs, string op)
    {
        RequireNhwc(node);
        List<AttributeProto> attributes = [.. Window(node, "ksize", "kernel_shape"), .. Window(node, "strides"), Padding(node)];
        if (op == "AveragePool") attributes.Add(Int("count_include_pad", 0)); // TensorFlow averages over real pixels only
        Image(node, op, [Operand(inputs[0])], [.. attributes]);
    }

    /// <summary>
    /// TensorFlow: x / (bias + alpha · Σ_{|d'−d| ≤ r} x²)^beta. ONNX divides alpha by the window size,
    /// so size = 2r + 1 and alpha_onnx = alpha · size.
    /// </summary>
    void Lrn(NodeDef node, string[] inputs)
    {
        var radius = node.Attr.TryGetValue("depth_radius", out var r) ? r.I : 5;
        var size = 2 * radius + 1;
        Image(node, "LRN", [Operand(inputs[0])],
            Int("size", size), Float("alpha", AttrFloat(node, "alpha", 1) * size), Float("beta", AttrFloat(node, "beta", 0.5f)), Float("bias", AttrFloat(node, "bias", 1)));
    }

    void Concat(NodeDef node, string[] values, string axisTensor)
    {
        var axis = IntValues(Constant(node, axisTensor)).Single();
        var image = values.All(images.Contains);
        if (image) axis = ToNchw[axis < 0 ? axis + 4 : axis];
        if (image) Image(node, "Concat", values.Select(Operand), Int("axis", axis));
        else Emit(node, "Concat", values.Select(Operand), Int("axis", axis));
    }

    /// <summary>Reshapes follow TensorFlow's NHWC element order: feature maps go back to NHWC first.</summary>
    void Reshape(NodeDef node, string[] inputs)
    {
        var source = images.Contains(inputs[0]) ? g.Node("Transpose", [inputs[0]], Attributes.Ints("perm", [0L, 2, 3, 1])) : inputs[0];
        var shape = IntValues(Constant(node, inputs[1]));
        if (shape.Length == 4)
        {
            var nhwc = g.Node("Reshape", [source, g.Int64s(shape)]);
            Image(node, "Transpose", [nhwc], Attributes.Ints("perm", [0L, 3, 1, 2]));
        }
        else Emit(node, "Reshape", [source, g.Int64s(shape)]);
    }

    void MatMul(NodeDef node, string[] inputs)
    {
        string Side(string input, string attribute) =>
            node.Attr.TryGetValue(attribute, out var t) && t.B ? g.Node("Transpose", [Operand(input)]) : Operand(input);
        Emit(node, "MatMul", [Side(inputs[0], "transpose_a"), Side(inputs[1], "transpose_b")]);
    }

    void Squeeze(NodeDef node, string[] inputs)
    {
        var dims = node.Attr.TryGetValue("squeeze_dims", out var d) ? d.List.I.ToArray() : [];
        if (images.Contains(inputs[0])) dims = [.. dims.Select(a => ToNchw[a < 0 ? a + 4 : a])];
        Emit(node, "Squeeze", dims.Length > 0 ? [inputs[0], g.Int64s(dims)] : [inputs[0]]);
    }

    /// <summary>An op whose output keeps its input's layout (feature map or not).</summary>
    void Same(NodeDef node, string op, params string[] inputs)
    {
        if (images.Contains(inputs[0])) Image(node, op, inputs.Select(Operand));
        else Emit(node, op, inputs.Select(Operand));
    }

    void Image(NodeDef node, string op, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        Emit(node, op, inputs, attributes);
        images.Add(node.Name);
    }

    void Emit(NodeDef node, string op, IEnumerable<string> inputs, params AttributeProto[] attributes) =>
        g.NodeInto(node.Name, op, inputs, attributes);

    /// <summary>A tensor as an ONNX operand: constants become initializers (int32 widened to int64) on first use.</summary>
    string Operand(string name)
    {
        if (!constants.TryGetValue(name, out var tensor) || g.Initializer(name) is not null) return name;
        g.Graph.Initializer.Add(tensor.Dtype == DataType.DtFloat
            ? Tensors.Float(name, FloatValues(tensor), Dims(tensor))
            : Tensors.Int64(name, IntValues(tensor), Dims(tensor)));
        return name;
    }

    TfTensor Constant(NodeDef node, string input) =>
        constants.TryGetValue(input, out var t) ? t : throw new DeepDreamException($"node '{node.Name}' ({node.Op}) needs a constant for '{input}'; only frozen graphs can be imported");

    static void RequireNhwc(NodeDef node)
    {
        if (node.Attr.TryGetValue("data_format", out var f) && f.S.ToStringUtf8() is not ("NHWC" or ""))
            throw new DeepDreamException($"node '{node.Name}' uses data format {f.S.ToStringUtf8()}; only NHWC graphs are supported");
    }

    /// <summary>An NHWC window attribute ([1, h, w, 1]) as its two spatial values.</summary>
    static IEnumerable<AttributeProto> Window(NodeDef node, string name, string? onnxName = null)
    {
        var values = node.Attr[name].List.I;
        yield return Attributes.Ints(onnxName ?? name, [values[1], values[2]]);
    }

    static IEnumerable<AttributeProto> Dilations(NodeDef node)
    {
        if (node.Attr.TryGetValue("dilations", out var d) && d.List.I.Count == 4)
            yield return Attributes.Ints("dilations", [d.List.I[1], d.List.I[2]]);
    }

    /// <summary>TensorFlow's SAME puts the odd pixel of padding after, which ONNX calls SAME_UPPER; it is resolved for each concrete size.</summary>
    static AttributeProto Padding(NodeDef node) => node.Attr["padding"].S.ToStringUtf8() switch
    {
        "SAME" => Attributes.String("auto_pad", "SAME_UPPER"),
        "VALID" => Attributes.String("auto_pad", "VALID"),
        var other => throw new DeepDreamException($"node '{node.Name}' uses padding {other}, which is not supported"),
    };

    static float AttrFloat(NodeDef node, string name, float fallback) => node.Attr.TryGetValue(name, out var v) ? v.F : fallback;

    static long[] Dims(TfTensor t) => [.. t.TensorShape?.Dim.Select(d => d.Size) ?? []];

    static float[] FloatValues(TfTensor t)
    {
        if (t.Dtype != DataType.DtFloat) throw new DeepDreamException($"expected a float constant, found {t.Dtype}");
        var count = (int)Tensors.ElementCount(Dims(t));
        if (!t.TensorContent.IsEmpty) return MemoryMarshal.Cast<byte, float>(t.TensorContent.Span).ToArray();
        return t.FloatVal.Count == count ? [.. t.FloatVal] : [.. Enumerable.Repeat(t.FloatVal.FirstOrDefault(), count)];
    }

    static long[] IntValues(TfTensor t)
    {
        var count = (int)Tensors.ElementCount(Dims(t));
        long[] values = t.Dtype switch
        {
            DataType.DtInt32 when !t.TensorContent.IsEmpty => [.. MemoryMarshal.Cast<byte, int>(t.TensorContent.Span).ToArray().Select(v => (long)v)],
            DataType.DtInt32 => [.. t.IntVal.Select(v => (long)v)],
            DataType.DtInt64 when !t.TensorContent.IsEmpty => MemoryMarshal.Cast<byte, long>(t.TensorContent.Span).ToArray(),
            DataType.DtInt64 => [.. t.Int64Val],
            _ => throw new DeepDreamException($"expected an integer constant, found {t.Dtype}"),
        };
        return values.Length == count || values.Length == 0 ? values : [.. Enumerable.Repeat(values[0], count)];
    }
}
