using DeepDream.Graph;
using DeepDream.Importers.Caffe.Proto;
using Onnx;
using static DeepDream.Graph.Attributes;

namespace DeepDream.Importers.Caffe;

/// <summary>A Caffe net converted to ONNX: its blobs under Caffe's names, in the order Caffe makes them, with their channels.</summary>
/// <param name="Input">The image blob ("data").</param>
internal sealed record ImportedCaffeNet(ModelProto Model, string Input, IReadOnlyList<CaffeBlob> Blobs);

/// <summary>A blob of the net: its Caffe name, the ONNX tensor that holds its final value, and its channels.</summary>
internal sealed record CaffeBlob(string Name, string Tensor, long Channels);

/// <summary>
/// Converts a Caffe net (its definition, and the weights of a .caffemodel matched to it by layer name) into an
/// ONNX graph whose tensors carry Caffe's blob names. Caffe writes many layers in place (a ReLU's top is its
/// bottom): the name then belongs to the blob's last value, as <c>net.blobs['conv2/3x3']</c> reads it after a
/// forward pass, and the earlier values get a suffix. The net is the one Caffe builds for testing: data layers give
/// the image input, and what needs their labels (losses, accuracies) is left out.
/// </summary>
internal sealed class CaffeImporter
{
    delegate void Converter(CaffeImporter importer, CaffeLayer layer);

    static readonly Dictionary<string, Converter> Converters = new()
    {
        ["Convolution"] = (i, l) => i.Convolution(l),
        ["ReLU"] = (i, l) => i.Relu(l),
        ["Pooling"] = (i, l) => i.Pooling(l),
        ["LRN"] = (i, l) => i.Lrn(l),
        ["Concat"] = (i, l) => i.Concat(l),
        ["InnerProduct"] = (i, l) => i.InnerProduct(l),
        ["Softmax"] = (i, l) => i.Softmax(l),
    };

    /// <summary>At test time Caffe's dropout passes its input through, and a split copies it: their tops are other names for their bottom.</summary>
    static readonly HashSet<string> PassThroughs = ["Dropout", "Split"];

    static readonly HashSet<string> DataLayers = ["Input", "Data", "ImageData", "MemoryData", "HDF5Data", "WindowData", "DummyData"];

    const long MaxWindow = 1 << 16;

    readonly GraphEditor g;
    readonly Dictionary<string, int> writesLeft;
    readonly Dictionary<string, (string Tensor, long Channels)> blobs = [];
    readonly HashSet<string> unavailable = [];
    readonly List<string> order = [];
    readonly IReadOnlyDictionary<string, CaffeLayer> weights;
    string? input;

    CaffeImporter(IReadOnlyList<CaffeLayer> layers, IReadOnlyDictionary<string, CaffeLayer> weights)
    {
        var model = new ModelProto { IrVersion = 8, ProducerName = "deepdream Caffe importer", Graph = new GraphProto { Name = "caffe" } };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetUpgrade.Target });
        g = new GraphEditor(model);
        // Which layer computes a blob's last value: only layers that compute one count.
        writesLeft = layers.Where(l => Converters.ContainsKey(l.Type)).SelectMany(l => l.Top).GroupBy(t => t).ToDictionary(t => t.Key, t => t.Count());
        this.weights = weights;
    }

    /// <param name="definition">The net's structure: a deploy definition, or the weights file's own.</param>
    /// <param name="trained">The weights file; its layers are matched to the definition's by name.</param>
    public static ImportedCaffeNet Import(NetParameter definition, NetParameter trained)
    {
        var layers = CaffeLayer.Of(definition);
        var weights = new Dictionary<string, CaffeLayer>();
        foreach (var layer in CaffeLayer.Of(trained).Where(l => l.Blobs.Count > 0)) weights.TryAdd(layer.Name, layer);
        var importer = new CaffeImporter(layers, weights);
        if (definition.Input.Count > 0) importer.Input(definition.Input[0], definition.Input.Skip(1));
        foreach (var layer in layers) importer.Add(layer);
        if (importer.input is null)
            throw new DeepDreamException("the Caffe net has no input: it needs an 'input' field, an Input layer or a data layer whose first top is the image");
        var model = importer.g.Model;
        var consumed = model.Graph.Node.SelectMany(n => n.Input).ToHashSet();
        model.Graph.Output.AddRange(model.Graph.Node.SelectMany(n => n.Output).Where(o => !consumed.Contains(o)).Select(o => new ValueInfoProto { Name = o }));
        return new ImportedCaffeNet(model, importer.input, [.. importer.order.Select(b => new CaffeBlob(b, importer.blobs[b].Tensor, importer.blobs[b].Channels))]);
    }

    void Add(CaffeLayer layer)
    {
        if (DataLayers.Contains(layer.Type))
        {
            if (layer.Top.Count == 0) throw CaffeBlobs.Fail(layer, "has no top for the image");
            Input(layer.Top[0], layer.Top.Skip(1));
            return;
        }
        // Losses and accuracies read the labels, which a dream has none of; so does anything after them.
        if (layer.Bottom.Any(unavailable.Contains) || layer.Type.EndsWith("Loss") || layer.Type is "Accuracy" or "Silence")
        {
            Forget(layer);
            return;
        }
        foreach (var bottom in layer.Bottom)
            if (!blobs.ContainsKey(bottom)) throw CaffeBlobs.Fail(layer, $"reads the blob '{bottom}', which no earlier layer makes");
        if (PassThroughs.Contains(layer.Type)) PassThrough(layer);
        else if (Converters.TryGetValue(layer.Type, out var convert)) convert(this, layer);
        else throw CaffeBlobs.Fail(layer, "is of a type this importer does not support (it converts Convolution, ReLU, Pooling, LRN, Concat, InnerProduct, Dropout, Softmax)");
    }

    void Input(string image, IEnumerable<string> others)
    {
        if (input is not null) throw new DeepDreamException($"the Caffe net has two image inputs ('{input}' and '{image}'); only networks with one can dream");
        input = image;
        g.Graph.Input.Add(ValueInfos.Float(image, 1, 3, null, null));
        blobs[image] = (image, 3);
        foreach (var other in others) unavailable.Add(other);
    }

    void Forget(CaffeLayer layer)
    {
        foreach (var top in layer.Top) unavailable.Add(top);
    }

    void Convolution(CaffeLayer layer)
    {
        var p = layer.Parameters.ConvolutionParam ?? throw CaffeBlobs.Fail(layer, "has no convolution_param");
        var (x, channels) = Bottom(layer);
        var (kh, kw) = Pair(layer, "kernel", p.HasKernelH ? p.KernelH : null, p.HasKernelW ? p.KernelW : null, p.KernelSize, null, 1);
        var (sh, sw) = Pair(layer, "stride", p.HasStrideH ? p.StrideH : null, p.HasStrideW ? p.StrideW : null, p.Stride, 1, 1);
        var (ph, pw) = Pair(layer, "pad", p.HasPadH ? p.PadH : null, p.HasPadW ? p.PadW : null, p.Pad, 0, 0);
        var (dh, dw) = Pair(layer, "dilation", null, null, p.Dilation, 1, 1);
        var (outputs, group) = ((long)p.NumOutput, (long)p.Group);
        if (outputs == 0 || group == 0 || channels % group != 0 || outputs % group != 0 || (p.HasAxis && p.Axis != 1))
            throw CaffeBlobs.Fail(layer, $"makes {outputs} channels in {group} groups from {channels} channels, which does not divide");
        var trained = Trained(layer);
        var inputs = new List<string> { x, Weight(trained, 0, "weights", outputs, channels / group, kh, kw) };
        if (p.BiasTerm) inputs.Add(Weight(trained, 1, "bias", outputs));
        Emit(layer, "Conv", outputs, inputs, Ints("kernel_shape", [kh, kw]), Ints("strides", [sh, sw]), Ints("pads", [ph, pw, ph, pw]),
            Ints("dilations", [dh, dw]), Int("group", group));
    }

    void Relu(CaffeLayer layer)
    {
        var (x, channels) = Bottom(layer);
        var slope = layer.Parameters.ReluParam?.NegativeSlope ?? 0;
        if (slope == 0) Emit(layer, "Relu", channels, [x]);
        else Emit(layer, "LeakyRelu", channels, [x], Float("alpha", slope));
    }

    /// <summary>Caffe rounds a pooled size up (ceil mode), and drops a last window that would start in the padding: as ONNX's ceil_mode does.</summary>
    void Pooling(CaffeLayer layer)
    {
        var p = layer.Parameters.PoolingParam ?? throw CaffeBlobs.Fail(layer, "has no pooling_param");
        var (x, channels) = Bottom(layer);
        var op = p.Pool switch
        {
            PoolingParameter.Types.PoolMethod.Max => "MaxPool",
            PoolingParameter.Types.PoolMethod.Ave => "AveragePool",
            _ => throw CaffeBlobs.Fail(layer, $"pools by {p.Pool}, which only training uses; MAX and AVE can be imported"),
        };
        if (p.GlobalPooling)
        {
            Emit(layer, "Global" + op, channels, [x]);
            return;
        }
        var (kh, kw) = Pair(layer, "kernel", p.HasKernelH ? p.KernelH : null, p.HasKernelW ? p.KernelW : null, p.HasKernelSize ? [p.KernelSize] : [], null, 1);
        var (sh, sw) = Pair(layer, "stride", p.HasStrideH ? p.StrideH : null, p.HasStrideW ? p.StrideW : null, [p.Stride], 1, 1);
        var (ph, pw) = Pair(layer, "pad", p.HasPadH ? p.PadH : null, p.HasPadW ? p.PadW : null, [p.Pad], 0, 0);
        List<AttributeProto> attributes = [Ints("kernel_shape", [kh, kw]), Ints("strides", [sh, sw]), Ints("pads", [ph, pw, ph, pw]),
            Int("ceil_mode", p.RoundMode == PoolingParameter.Types.RoundMode.Ceil ? 1 : 0)];
        // Caffe's average divides by the window's size within the padded input.
        if (op == "AveragePool") attributes.Add(Int("count_include_pad", ph > 0 || pw > 0 ? 1 : 0));
        Emit(layer, op, channels, [x], [.. attributes]);
    }

    /// <summary>Caffe, like ONNX (and unlike TensorFlow), divides alpha by the window's size: the parameters carry over as they are.</summary>
    void Lrn(CaffeLayer layer)
    {
        var p = layer.Parameters.LrnParam ?? new LRNParameter();
        if (p.NormRegion != LRNParameter.Types.NormRegion.AcrossChannels)
            throw CaffeBlobs.Fail(layer, "normalizes within each channel, which this importer does not support; ACROSS_CHANNELS can be imported");
        if (p.LocalSize is 0 or > 1024 || p.LocalSize % 2 == 0) throw CaffeBlobs.Fail(layer, $"has a window of {p.LocalSize} channels; Caffe needs an odd size");
        var (x, channels) = Bottom(layer);
        Emit(layer, "LRN", channels, [x], Int("size", p.LocalSize), Float("alpha", p.Alpha), Float("beta", p.Beta), Float("bias", p.K));
    }

    void Concat(CaffeLayer layer)
    {
        var p = layer.Parameters.ConcatParam ?? new ConcatParameter();
        var axis = p.HasAxis ? p.Axis : (int)p.ConcatDim;
        if (axis is not (1 or -3)) throw CaffeBlobs.Fail(layer, $"joins along axis {axis}; only channels (axis 1) are supported");
        var parts = layer.Bottom.Select(b => blobs[b]).ToList();
        if (parts.Count == 0) throw CaffeBlobs.Fail(layer, "joins no blobs");
        Emit(layer, "Concat", parts.Sum(b => b.Channels), parts.Select(b => b.Tensor), Int("axis", 1));
    }

    /// <summary>Caffe flattens everything after the batch axis; the weights are [outputs, inputs] (stored as 1x1xOUTxIN before 2015).</summary>
    void InnerProduct(CaffeLayer layer)
    {
        var p = layer.Parameters.InnerProductParam ?? throw CaffeBlobs.Fail(layer, "has no inner_product_param");
        if (p.HasAxis && p.Axis != 1) throw CaffeBlobs.Fail(layer, $"multiplies from axis {p.Axis}; only axis 1 is supported");
        var (x, _) = Bottom(layer);
        var trained = Trained(layer);
        var outputs = (long)p.NumOutput;
        // The inputs are the weights' columns (their rows when transposed); a trained layer always has its blobs.
        var dims = CaffeBlobs.Dims(trained, trained.Blobs[0]);
        var inputs = dims.Length > (p.Transpose ? 1 : 0) ? dims[p.Transpose ? ^2 : ^1] : 0;
        if (outputs == 0 || inputs == 0) throw CaffeBlobs.Fail(layer, $"maps {inputs} inputs to {outputs} outputs");
        var flat = g.Node("Flatten", [x], Int("axis", 1));
        List<string> operands = [flat, Weight(trained, 0, "weights", p.Transpose ? [inputs, outputs] : [outputs, inputs])];
        if (p.BiasTerm) operands.Add(Weight(trained, 1, "bias", outputs));
        Emit(layer, "Gemm", outputs, operands, Int("transB", p.Transpose ? 0 : 1));
    }

    void Softmax(CaffeLayer layer)
    {
        var (x, channels) = Bottom(layer);
        var axis = layer.Parameters.SoftmaxParam?.Axis ?? 1;
        if (axis != 1) throw CaffeBlobs.Fail(layer, $"normalizes along axis {axis}; only channels (axis 1) are supported");
        Emit(layer, "Softmax", channels, [x], Int("axis", 1));
    }

    void PassThrough(CaffeLayer layer)
    {
        var source = Bottom(layer);
        foreach (var top in layer.Top)
        {
            if (!blobs.ContainsKey(top)) order.Add(top);
            blobs[top] = source;
        }
    }

    (string Tensor, long Channels) Bottom(CaffeLayer layer) =>
        layer.Bottom.Count == 1 ? blobs[layer.Bottom[0]] : throw CaffeBlobs.Fail(layer, $"reads {layer.Bottom.Count} blobs where one is needed");

    /// <summary>The layer of the weights file that holds this layer's blobs (by name), or the layer itself when it has them.</summary>
    CaffeLayer Trained(CaffeLayer layer) =>
        layer.Blobs.Count > 0 ? layer : weights.GetValueOrDefault(layer.Name) ?? throw CaffeBlobs.Fail(layer, "has no weights in the weights file (no layer of that name holds blobs)");

    string Weight(CaffeLayer trained, int index, string what, params long[] dims) =>
        g.Floats(CaffeBlobs.Values(trained, index, what, dims), dims);

    /// <summary>One output per layer: named as its blob if this is the blob's last value, else with a suffix for the value it was.</summary>
    void Emit(CaffeLayer layer, string op, long channels, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        if (layer.Top.Count != 1) throw CaffeBlobs.Fail(layer, $"makes {layer.Top.Count} blobs where one is expected");
        var top = layer.Top[0];
        if (unavailable.Contains(top)) throw CaffeBlobs.Fail(layer, $"writes '{top}', a blob of the labels");
        var tensor = --writesLeft[top] == 0 ? top : g.FreshName($"{top}/{layer.Name}");
        g.NodeInto(tensor, op, inputs, attributes);
        if (!blobs.ContainsKey(top)) order.Add(top);
        blobs[top] = (tensor, channels);
    }

    /// <summary>A window parameter: its _h/_w fields, or one value for both, or one per axis; <paramref name="fallback"/> if none (null: required).</summary>
    static (long, long) Pair(CaffeLayer layer, string what, uint? h, uint? w, IReadOnlyList<uint> both, long? fallback, long minimum)
    {
        long? Pick(uint? own, int axis) => own ?? (both.Count switch { 0 => fallback, 1 => both[0], 2 => both[axis], _ => null });
        if (both.Count > 2) throw CaffeBlobs.Fail(layer, $"gives {both.Count} values for its {what}; images have two axes");
        var (y, x) = (Pick(h, 0), Pick(w, 1));
        if (y is null || x is null) throw CaffeBlobs.Fail(layer, $"gives no {what}");
        if (y < minimum || x < minimum || y > MaxWindow || x > MaxWindow) throw CaffeBlobs.Fail(layer, $"has a {what} of {y}x{x}, out of range");
        return (y.Value, x.Value);
    }
}
