using System.Runtime.InteropServices;
using DeepDream.Graph;
using Onnx;

namespace DeepDream.Runtime.OneDnn;

/// <summary>
/// Turns a network's ONNX nodes into oneDNN primitives: the forward pass, and the backward pass that
/// carries gradients from the objective's layers to the image. Every activation and gradient stays
/// in one layout (channels-last, in the engine's precision), so no step reorders between ops; Conv
/// absorbs the BatchNormalization, bias and ReLU that follow it, and each op's gradient is oneDNN's
/// own backward primitive. An op it has no primitive for stops the lowering (ORT then runs the dream).
/// </summary>
internal sealed unsafe class NetworkLowering
{
    readonly DnnlProgram program;
    readonly GraphEditor graph;
    readonly IReadOnlyDictionary<string, long[]> shapes;
    readonly int type;
    readonly bool training;
    readonly HashSet<string> kept;
    readonly Dictionary<string, List<NodeProto>> consumers = [];
    readonly HashSet<NodeProto> absorbed = [];
    readonly Dictionary<string, nint> values = [];
    readonly Dictionary<string, List<nint>> diffs = [];
    readonly List<Action> backward = [];

    NetworkLowering(DnnlProgram program, ModelProto model, IReadOnlyDictionary<string, long[]> shapes, bool bf16, bool training, IEnumerable<string> outputs)
    {
        this.program = program;
        graph = new GraphEditor(model);
        this.shapes = shapes;
        type = bf16 ? Dnnl.Bf16 : Dnnl.F32;
        this.training = training;
        kept = [.. outputs];
        foreach (var node in model.Graph.Node)
            foreach (var input in node.Input)
            {
                if (!consumers.TryGetValue(input, out var list)) consumers[input] = list = [];
                list.Add(node);
            }
    }

    /// <summary>
    /// Lowers the network into <paramref name="program"/>: the image (planar float32 at <paramref name="image"/>) in, the
    /// <paramref name="outputs"/> out (float32 NCHW at <paramref name="outputBuffers"/>); then, after the returned step,
    /// the seeds (d objective / d output at <paramref name="seedBuffers"/>) back to the image's gradient at <paramref name="gradient"/>.
    /// </summary>
    /// <returns>The step where the backward pass starts.</returns>
    public static int Lower(DnnlProgram program, ModelProto model, IReadOnlyDictionary<string, long[]> shapes, string input, bool bf16,
        IReadOnlyList<string> outputs, nint image, IReadOnlyList<nint> outputBuffers, IReadOnlyList<nint>? seedBuffers, nint gradient)
    {
        CheckOps(model.Graph);
        var lowering = new NetworkLowering(program, model, shapes, bf16, training: seedBuffers is not null, outputs);
        var imageDims = shapes[input];
        var plainImage = Dnnl.Desc(imageDims, Dnnl.F32, Dnnl.FormatNchw);
        var imageMemory = program.Memory(lowering.Md(imageDims));
        program.Reorder(plainImage, program.Wrap(plainImage, image), lowering.Md(imageDims), imageMemory, "image in");
        lowering.values[input] = imageMemory;
        foreach (var node in model.Graph.Node)
            if (!lowering.absorbed.Contains(node)) lowering.Forward(node);
        for (var i = 0; i < outputs.Count; i++)
        {
            var dims = shapes[outputs[i]];
            var plain = Dnnl.Desc(dims, Dnnl.F32, Dnnl.FormatNchw);
            program.Reorder(lowering.Md(dims), lowering.Value(outputs[i]), plain, program.Wrap(plain, outputBuffers[i]), "layer out");
        }
        var mark = program.Count;
        if (seedBuffers is null) return mark;
        for (var i = 0; i < outputs.Count; i++)
        {
            var dims = shapes[outputs[i]];
            var plain = Dnnl.Desc(dims, Dnnl.F32, Dnnl.FormatNchw);
            var seed = lowering.NewMemory(dims);
            program.Reorder(plain, program.Wrap(plain, seedBuffers[i]), lowering.Md(dims), seed, "layer gradient in");
            lowering.AddDiff(outputs[i], seed);
        }
        for (var i = lowering.backward.Count - 1; i >= 0; i--) lowering.backward[i]();
        var imageGradient = lowering.Gather(input) ?? throw new DeepDreamException("the objective does not depend on the input image");
        program.Reorder(lowering.Md(imageDims), imageGradient, plainImage, program.Wrap(plainImage, gradient), "image gradient out");
        return mark;
    }

    Dnnl.MemoryDesc Md(long[] dims) => Md(dims, TypeOf(dims));

    static Dnnl.MemoryDesc Md(long[] dims, int type) =>
        dims.Length == 4 ? Dnnl.Desc(dims, type, Dnnl.FormatNhwc) : throw new OneDnnException($"the oneDNN engine takes 4-D tensors only, not {string.Join('x', dims)}");

    /// <summary>
    /// Images and other tensors of a few channels stay float32: bf16 saves nothing on them, and oneDNN 2.6's bf16 1x1
    /// convolution gradient over 3 channels came out wrong at some sizes (cosine 0.69 to float32's at 320x213).
    /// </summary>
    int TypeOf(long[] dims) => dims[1] < 8 ? Dnnl.F32 : type;

    nint NewMemory(long[] dims) => program.Memory(Md(dims));

    nint Value(string tensor) => values.TryGetValue(tensor, out var m) ? m : throw new OneDnnException($"the oneDNN engine cannot compute '{tensor}'");

    /// <summary>The ops the engine lowers, each by its method.</summary>
    static readonly Dictionary<string, Action<NetworkLowering, NodeProto>> Ops = new()
    {
        ["Conv"] = (l, n) => l.Conv(n),
        ["Relu"] = (l, n) => l.Relu(n),
        ["Add"] = (l, n) => l.Add(n),
        ["MaxPool"] = (l, n) => l.Pool(n),
        ["AveragePool"] = (l, n) => l.Pool(n),
        ["LRN"] = (l, n) => l.Lrn(n),
        ["Concat"] = (l, n) => l.Concat(n),
        ["Identity"] = (l, n) => l.Alias(n),
        ["Dropout"] = (l, n) => l.Alias(n),
    };

    /// <summary>Ops that have no primitive of their own, only folded into the convolution before them.</summary>
    static readonly HashSet<string> Folded = ["BatchNormalization"];

    /// <summary>Fails on the first op the engine has no primitive for, before anything is built for the network.</summary>
    /// <exception cref="OneDnnException">Such an op is in the graph.</exception>
    public static void CheckOps(GraphProto graph)
    {
        if (graph.Node.FirstOrDefault(n => !Ops.ContainsKey(n.OpType) && !Folded.Contains(n.OpType)) is { } node) throw Unsupported(node, "no oneDNN primitive for this op");
    }

    void Forward(NodeProto node)
    {
        if (!Ops.TryGetValue(node.OpType, out var lower)) throw Unsupported(node, "it runs only folded into the convolution before it");
        lower(this, node);
    }

    static OneDnnException Unsupported(NodeProto node, string why) => new($"the oneDNN engine cannot run {node.OpType} node '{node.Name}': {why}");

    /// <summary>The one node that reads a tensor the objective does not, or null.</summary>
    NodeProto? Sole(string tensor) =>
        !kept.Contains(tensor) && consumers.TryGetValue(tensor, out var list) && list.Count == 1 ? list[0] : null;

    float[]? Constant(string name) => graph.Initializer(name) is { } t ? Tensors.ToFloats(t) : null;

    bool FuseRelu(ref string output)
    {
        if (Sole(output) is not { OpType: "Relu" } relu) return false;
        absorbed.Add(relu);
        output = relu.Output[0];
        return true;
    }

    void Conv(NodeProto node)
    {
        if (graph.Initializer(node.Input[1]) is not { } w) throw Unsupported(node, "its weights are computed");
        var wd = w.Dims.ToArray();
        if (wd.Length != 4) throw Unsupported(node, "not a 2-D convolution");
        if (node.GetInt("group", 1) != 1) throw Unsupported(node, "grouped convolution");
        var weights = Tensors.ToFloats(w);
        var bias = node.Input.Count > 2 && node.Input[2].Length > 0
            ? Constant(node.Input[2]) ?? throw Unsupported(node, "its bias is computed") : new float[wd[0]];
        var output = node.Output[0];
        while (Sole(output) is { } next && Absorb(next, output, weights, bias)) output = next.Output[0];
        var relu = FuseRelu(ref output);
        var source = node.Input[0];
        var (inDims, outDims) = (shapes[source], shapes[output]);
        var window = WindowOf(node, [wd[2], wd[3]], inDims, outDims);

        // The convolution runs in its input's precision; its result is converted where the output's differs.
        var precision = TypeOf(inDims);
        var (pd, y, weightsMemory) = Convolution($"conv {node.Name}", Value(source), inDims, outDims, weights, wd, bias, window,
            training ? Dnnl.ForwardTraining : Dnnl.ForwardInference, relu ? [PostOp.Relu] : []);
        var dst = Md(outDims, precision);
        values[output] = Converted(y, dst, Md(outDims), $"conv out {node.Name}");

        backward.Add(() =>
        {
            if (Gather(output) is not { } dy) return;
            dy = Converted(dy, Md(outDims), dst, $"conv gradient in {node.Name}");
            if (relu) dy = ReluBackward(dy, y, dst, node.Name);
            // A convolution between few channels on both sides (an image's colour transform) keeps its own, float32, gradient.
            AddDiff(source, inDims[1] < WideChannels && outDims[1] >= WideChannels
                ? WideGradient(node.Name, dy, dst, weights, wd, inDims, outDims, window)
                : Gradient(node.Name, dy, pd, weightsMemory, weights, wd, inDims, outDims, window));
        });
    }

    /// <summary>
    /// d input from d output. With stride 1 that is a forward convolution of d output by the weights transposed and
    /// flipped, with the pads that make the input's size (k − 1 − pad): oneDNN's forward bf16 kernels (brgconv) are its
    /// fastest, and its backward-data ones (jit_bf16) took 1.5x their time for the same FLOPs (ResNet18, 512²: 43 vs 29 ms).
    /// Strided convolutions use oneDNN's backward-data primitive, with the forward's weights where it wants their layout.
    /// </summary>
    nint Gradient(string name, nint dy, nint forward, nint forwardWeights, float[] weights, long[] wd, long[] inDims, long[] outDims, Window window)
    {
        long[] begin = [window.Kernel[0] - 1 - window.PadsBegin[0], window.Kernel[1] - 1 - window.PadsBegin[1]];
        long[] end = [window.Kernel[0] - 1 - window.PadsEnd[0], window.Kernel[1] - 1 - window.PadsEnd[1]];
        if (window.Strides.All(s => s == 1) && window.Dilations.All(d => d == 0) && begin.Concat(end).All(p => p >= 0) && TypeOf(inDims) == TypeOf(outDims))
            return Convolution($"conv gradient {name}", dy, outDims, inDims, Transposed(weights, wd), [wd[1], wd[0], wd[2], wd[3]], null,
                window with { PadsBegin = begin, PadsEnd = end }, Dnnl.ForwardInference, []).Y;
        var precision = TypeOf(inDims);
        var back = stackalloc byte[Dnnl.OpDescSize];
        Dnnl.ConvolutionBackwardData(back, Md(inDims), Dnnl.Desc(wd, precision, Dnnl.FormatAny), Md(outDims, precision), window);
        var pd = program.Keep(Dnnl.CreatePrimitiveDesc(back, 0, program.Engine, forward, $"plan convolution gradient {name}"));
        var md = Dnnl.QueryMd(pd, Dnnl.QueryWeights);
        var bwdWeights = Dnnl.Equal(md, Dnnl.QueryMd(forward, Dnnl.QueryWeights)) ? forwardWeights : Weights(md, weights, wd);
        var dx = NewMemory(inDims);
        program.Add(pd, $"conv gradient {name}", (Dnnl.ArgDiffDst, dy), (Dnnl.ArgWeights, bwdWeights), (Dnnl.ArgDiffSrc, dx));
        return dx;
    }

    /// <summary>
    /// The gradient of a convolution over few input channels (an image's), computed for <see cref="WideChannels"/> input
    /// channels of zero weights and cut back: over 3 channels oneDNN's backward kernels took 35 of a 110 ms ResNet18
    /// iteration at 512² (float32, its stem); over 16 they run at full speed. (In bf16, oneDNN 2.6's 1x1 gradient with 3
    /// output channels came out wrong at some sizes: cosine 0.79 to float32's at 320x213; those stay float32.)
    /// The forward pass stays narrow, where widening would multiply the stem's work by 16/3.
    /// </summary>
    nint WideGradient(string name, nint dy, in Dnnl.MemoryDesc dyMd, float[] weights, long[] wd, long[] inDims, long[] outDims, Window window)
    {
        long[] wideDims = [inDims[0], WideChannels, inDims[2], inDims[3]];
        var wideWeights = Widened(weights, wd, WideChannels);
        long[] wideWd = [wd[0], WideChannels, wd[2], wd[3]];
        var (src, dst, anyWeights) = (Md(wideDims, type), Md(outDims, type), Dnnl.Desc(wideWd, type, Dnnl.FormatAny));
        var op = stackalloc byte[Dnnl.OpDescSize];
        // oneDNN plans a backward primitive from its forward one's descriptor: this one is planned, never run.
        Dnnl.ConvolutionForward(op, Dnnl.ForwardTraining, src, anyWeights, Dnnl.Desc([wd[0]], Dnnl.F32, Dnnl.FormatX), dst, window);
        var hint = program.Keep(Dnnl.CreatePrimitiveDesc(op, 0, program.Engine, 0, $"plan wide convolution {name}"));
        Dnnl.ConvolutionBackwardData(op, src, anyWeights, dst, window);
        var pd = program.Keep(Dnnl.CreatePrimitiveDesc(op, 0, program.Engine, hint, $"plan wide convolution gradient {name}"));
        var wideDx = program.Memory(src);
        program.Add(pd, $"conv gradient {name}", (Dnnl.ArgDiffDst, Converted(dy, dyMd, dst, $"conv gradient precision {name}")),
            (Dnnl.ArgWeights, Weights(Dnnl.QueryMd(pd, Dnnl.QueryWeights), wideWeights, wideWd)), (Dnnl.ArgDiffSrc, wideDx));
        var slice = Dnnl.Submemory(src, inDims, [0, 0, 0, 0]);
        var dx = NewMemory(inDims);
        program.Reorder(slice, program.View(slice, wideDx), Md(inDims), dx, $"conv gradient narrow {name}");
        return dx;
    }

    const int WideChannels = 16;

    /// <summary>OIHW weights as IOHW, each kernel turned half a circle: the convolution that carries gradients back.</summary>
    static float[] Transposed(float[] weights, long[] wd)
    {
        var (outputs, inputs, kh, kw) = (wd[0], wd[1], wd[2], wd[3]);
        var transposed = new float[weights.Length];
        for (var o = 0; o < outputs; o++)
            for (var i = 0; i < inputs; i++)
                for (var y = 0; y < kh; y++)
                    for (var x = 0; x < kw; x++)
                        transposed[((i * outputs + o) * kh + kh - 1 - y) * kw + kw - 1 - x] = weights[((o * inputs + i) * kh + y) * kw + x];
        return transposed;
    }

    /// <summary>OIHW weights with zero weights for input channels up to <paramref name="inputs"/>.</summary>
    static float[] Widened(float[] weights, long[] wd, long inputs)
    {
        var k = wd[2] * wd[3];
        var wide = new float[wd[0] * inputs * k];
        for (var o = 0; o < wd[0]; o++)
            Array.Copy(weights, o * wd[1] * k, wide, o * inputs * k, wd[1] * k);
        return wide;
    }

    /// <summary>A forward convolution step in its input's precision; returns its descriptor (the backward's hint), its result and its weights.</summary>
    /// <param name="bias">Null for none.</param>
    (nint Pd, nint Y, nint Weights) Convolution(string what, nint x, long[] inDims, long[] outDims, float[] weights, long[] wd, float[]? bias,
        Window window, int prop, ReadOnlySpan<PostOp> post)
    {
        var precision = TypeOf(inDims);
        // A zero descriptor is oneDNN's "no bias".
        var biasMd = bias is null ? default : Dnnl.Desc([wd[0]], Dnnl.F32, Dnnl.FormatX);
        var dst = Md(outDims, precision);
        var op = stackalloc byte[Dnnl.OpDescSize];
        Dnnl.ConvolutionForward(op, prop, Md(inDims), Dnnl.Desc(wd, precision, Dnnl.FormatAny), biasMd, dst, window);
        var attr = program.KeepAttributes(Dnnl.Attributes(post));
        var pd = program.Keep(Dnnl.CreatePrimitiveDesc(op, attr, program.Engine, 0, $"plan {what}"));
        var weightsMemory = Weights(Dnnl.QueryMd(pd, Dnnl.QueryWeights), weights, wd);
        var y = program.Memory(dst);
        program.Add(pd, what, (Dnnl.ArgSrc, x), (Dnnl.ArgWeights, weightsMemory), (Dnnl.ArgBias, bias is null ? 0 : Filled(biasMd, bias)), (Dnnl.ArgDst, y));
        return (pd, y, weightsMemory);
    }

    /// <summary>A tensor described by <paramref name="from"/> in the precision of <paramref name="to"/>: itself where they agree, else a converted copy.</summary>
    nint Converted(nint x, in Dnnl.MemoryDesc from, in Dnnl.MemoryDesc to, string what)
    {
        if (Dnnl.Equal(from, to)) return x;
        var y = program.Memory(to);
        program.Reorder(from, x, to, y, what);
        return y;
    }

    /// <summary>Folds a per-channel op that follows a convolution into its weights and bias, if it is one.</summary>
    bool Absorb(NodeProto next, string input, float[] weights, float[] bias)
    {
        var channels = bias.Length;
        var perChannel = weights.Length / channels;
        if (next.OpType == "BatchNormalization" && next.Input.Count == 5 && next.Output.Count(o => o.Length > 0) == 1 && next.Input[0] == input
            && Constant(next.Input[1]) is { } gamma && Constant(next.Input[2]) is { } beta && Constant(next.Input[3]) is { } mean && Constant(next.Input[4]) is { } variance
            && gamma.Length == channels)
        {
            var epsilon = next.GetFloat("epsilon", 1e-5f);
            for (var c = 0; c < channels; c++)
            {
                var scale = gamma[c] / MathF.Sqrt(variance[c] + epsilon);
                for (var k = 0; k < perChannel; k++) weights[c * perChannel + k] *= scale;
                bias[c] = (bias[c] - mean[c]) * scale + beta[c];
            }
        }
        else if (next.OpType == "Add" && next.Input.Count == 2 && next.Input.IndexOf(input) is var side and >= 0
            && graph.Initializer(next.Input[1 - side]) is { } constant && PerChannel(constant.Dims.ToArray(), channels))
        {
            var add = Tensors.ToFloats(constant);
            for (var c = 0; c < channels; c++) bias[c] += add[c];
        }
        else return false;
        absorbed.Add(next);
        return true;
    }

    /// <summary>Whether a constant of these dims broadcasts over NCHW as one value per channel.</summary>
    static bool PerChannel(long[] dims, int channels) => dims switch
    {
        [var c] => c == channels,
        [var c, 1, 1] => c == channels,
        [1, var c, 1, 1] => c == channels,
        _ => false,
    };

    /// <summary>A ReLU's gradient from its output: the post-op fused into a forward primitive has no backward of its own.</summary>
    nint ReluBackward(nint dy, nint y, in Dnnl.MemoryDesc md, string name)
    {
        var op = stackalloc byte[Dnnl.OpDescSize];
        Dnnl.EltwiseForward(op, Dnnl.ForwardTraining, Dnnl.EltwiseReluUseDstForBwd, md);
        var hint = program.Keep(Dnnl.CreatePrimitiveDesc(op, 0, program.Engine, 0, $"plan relu {name}"));
        Dnnl.EltwiseBackward(op, Dnnl.EltwiseReluUseDstForBwd, md, md);
        var pd = program.Keep(Dnnl.CreatePrimitiveDesc(op, 0, program.Engine, hint, $"plan relu gradient {name}"));
        var dx = program.Memory(md);
        program.Add(pd, $"relu gradient {name}", (Dnnl.ArgDst, y), (Dnnl.ArgDiffDst, dy), (Dnnl.ArgDiffSrc, dx));
        return dx;
    }

    void Relu(NodeProto node)
    {
        var (source, output) = (node.Input[0], node.Output[0]);
        var dims = shapes[output];
        var y = Eltwise($"relu {node.Name}", Value(source), dims, Dnnl.EltwiseRelu);
        values[output] = y;
        backward.Add(() =>
        {
            if (Gather(output) is { } dy) AddDiff(source, ReluBackward(dy, y, Md(dims), node.Name));
        });
    }

    void Add(NodeProto node)
    {
        var (a, b) = (node.Input[0], node.Input[1]);
        var output = node.Output[0];
        if (!values.ContainsKey(a) || !values.ContainsKey(b) || !shapes[a].SequenceEqual(shapes[output]) || !shapes[b].SequenceEqual(shapes[output]))
            throw Unsupported(node, "only sums of two computed tensors of one shape");
        var relu = FuseRelu(ref output);
        var dims = shapes[output];
        var y = Binary($"add {node.Name}", Dnnl.BinaryAdd, Value(a), Value(b), dims, relu ? [PostOp.Relu] : []);
        values[output] = y;
        backward.Add(() =>
        {
            if (Gather(output) is not { } dy) return;
            if (relu) dy = ReluBackward(dy, y, Md(dims), node.Name);
            // A sum passes its gradient to both addends unchanged; gradients are never written in place, so they may share it.
            AddDiff(a, dy);
            AddDiff(b, dy);
        });
    }

    void Pool(NodeProto node)
    {
        if (node.Output.Count > 1 && node.Output[1].Length > 0) throw Unsupported(node, "pooling indices");
        var max = node.OpType == "MaxPool";
        var alg = max ? Dnnl.PoolingMax : node.GetInt("count_include_pad", 0) != 0 ? Dnnl.PoolingAvgIncludePadding : Dnnl.PoolingAvgExcludePadding;
        var (source, output) = (node.Input[0], node.Output[0]);
        var (inDims, outDims) = (shapes[source], shapes[output]);
        var window = WindowOf(node, node.GetInts("kernel_shape") ?? throw Unsupported(node, "no kernel_shape"), inDims, outDims);
        var (src, dst) = (Md(inDims), Md(outDims));
        var op = stackalloc byte[Dnnl.OpDescSize];
        Dnnl.PoolingForward(op, training ? Dnnl.ForwardTraining : Dnnl.ForwardInference, alg, src, dst, window);
        var pd = program.Keep(Dnnl.CreatePrimitiveDesc(op, 0, program.Engine, 0, $"plan pooling {node.Name}"));
        var y = NewMemory(outDims);
        var workspace = Workspace(pd);
        program.Add(pd, $"pool {node.Name}", (Dnnl.ArgSrc, Value(source)), (Dnnl.ArgDst, y), (Dnnl.ArgWorkspace, workspace));
        values[output] = y;
        backward.Add(() =>
        {
            if (Gather(output) is not { } dy) return;
            var back = stackalloc byte[Dnnl.OpDescSize];
            Dnnl.PoolingBackward(back, alg, src, dst, window);
            var bpd = program.Keep(Dnnl.CreatePrimitiveDesc(back, 0, program.Engine, pd, $"plan pooling gradient {node.Name}"));
            var dx = NewMemory(inDims);
            program.Add(bpd, $"pool gradient {node.Name}", (Dnnl.ArgDiffDst, dy), (Dnnl.ArgWorkspace, workspace), (Dnnl.ArgDiffSrc, dx));
            AddDiff(source, dx);
        });
    }

    /// <summary>
    /// LRN as y = x / p, p = s^β, s = k + W·x² with W the α/size band over channels (a 1x1 convolution), and its
    /// gradient dx = dy / p + 2x·W(−β·dy·x / (p·s)). oneDNN's own LRN kernels take only β = 0.75, and its reference
    /// code, which Inception's β = 0.5 falls to, took 1.2 s of a 1.3 s replica iteration at 512²; this takes about 15 ms in bf16.
    /// </summary>
    void Lrn(NodeProto node)
    {
        var size = node.GetInt("size", 0);
        if (size % 2 == 0) throw Unsupported(node, "an even window");
        var (alpha, beta, bias) = (node.GetFloat("alpha", 1e-4f), node.GetFloat("beta", 0.75f), node.GetFloat("bias", 1f));
        var (source, output) = (node.Input[0], node.Output[0]);
        var dims = shapes[output];
        var channels = (int)dims[1];
        var band = new float[channels * channels];
        for (var o = 0; o < channels; o++)
            for (var i = Math.Max(0, o - (int)size / 2); i <= Math.Min(channels - 1, o + (int)size / 2); i++) band[o * channels + i] = alpha / size;
        long[] bandDims = [channels, channels, 1, 1];
        var pointwise = new Window([1, 1], [1, 1], [0, 0], [0, 0], [0, 0]);
        var x = Value(source);
        var square = Eltwise($"lrn square {node.Name}", x, dims, Dnnl.EltwiseSquare);
        var (_, s, _) = Convolution($"lrn window {node.Name}", square, dims, dims, band, bandDims, Repeated(channels, bias), pointwise, Dnnl.ForwardInference, []);
        // A square root is a few instructions; a general power is an exponential and a logarithm per value.
        var p = beta == 0.5f ? Eltwise($"lrn root {node.Name}", s, dims, Dnnl.EltwiseSqrt) : Eltwise($"lrn power {node.Name}", s, dims, Dnnl.EltwisePow, 1, beta);
        var y = Binary($"lrn {node.Name}", Dnnl.BinaryDiv, x, p, dims);
        values[output] = y;
        backward.Add(() =>
        {
            if (Gather(output) is not { } dy) return;
            var ps = Binary($"lrn gradient denominator {node.Name}", Dnnl.BinaryMul, p, s, dims);
            var t = Binary($"lrn gradient scale {node.Name}", Dnnl.BinaryMul, dy, x, dims, [new PostOp(Dnnl.BinaryDiv, Binary: true), new PostOp(Dnnl.EltwiseLinear, -beta)], ps);
            var (_, u, _) = Convolution($"lrn gradient window {node.Name}", t, dims, dims, band, bandDims, new float[channels], pointwise, Dnnl.ForwardInference, []);
            var direct = Binary($"lrn gradient direct {node.Name}", Dnnl.BinaryDiv, dy, p, dims);
            AddDiff(source, Binary($"lrn gradient {node.Name}", Dnnl.BinaryMul, x, u, dims, [new PostOp(Dnnl.EltwiseLinear, 2), new PostOp(Dnnl.BinaryAdd, Binary: true)], direct));
        });
    }

    static float[] Repeated(int count, float value)
    {
        var values = new float[count];
        Array.Fill(values, value);
        return values;
    }

    /// <summary>An element-wise step (alg, alpha, beta as oneDNN defines them) into a new tensor.</summary>
    nint Eltwise(string what, nint x, long[] dims, int alg, float alpha = 0, float beta = 0)
    {
        var op = stackalloc byte[Dnnl.OpDescSize];
        Dnnl.EltwiseForward(op, Dnnl.ForwardInference, alg, Md(dims), alpha, beta);
        var pd = program.Keep(Dnnl.CreatePrimitiveDesc(op, 0, program.Engine, 0, $"plan {what}"));
        var y = NewMemory(dims);
        program.Add(pd, what, (Dnnl.ArgSrc, x), (Dnnl.ArgDst, y));
        return y;
    }

    /// <summary>A binary step (a ∘ b) into a new tensor, with post-ops; a binary post-op's operand is <paramref name="operand"/>.</summary>
    nint Binary(string what, int alg, nint a, nint b, long[] dims, ReadOnlySpan<PostOp> post = default, nint operand = 0)
    {
        var md = Md(dims);
        var op = stackalloc byte[Dnnl.OpDescSize];
        Dnnl.Binary(op, alg, md, md, md);
        var attr = program.KeepAttributes(Dnnl.Attributes(post, md));
        var pd = program.Keep(Dnnl.CreatePrimitiveDesc(op, attr, program.Engine, 0, $"plan {what}"));
        var y = NewMemory(dims);
        var index = 0;
        while (index < post.Length && !post[index].Binary) index++;
        program.Add(pd, what, (Dnnl.ArgSrc, a), (Dnnl.ArgSrc1, b), (Dnnl.PostOpOperand(index), operand), (Dnnl.ArgDst, y));
        return y;
    }

    void Concat(NodeProto node)
    {
        var output = node.Output[0];
        var dims = shapes[output];
        var axis = node.GetInt("axis", 1);
        if (axis is not (1 or -3)) throw Unsupported(node, "concatenation along an axis other than channels");
        var inputs = node.Input.ToArray();
        var dst = Md(dims);
        // oneDNN concatenates tensors of one precision: a float32 branch of few channels is converted to the output's.
        var precision = TypeOf(dims);
        var sources = inputs.Select(i => Md(shapes[i], precision)).ToArray();
        var args = new (int, nint)[inputs.Length + 1];
        for (var i = 0; i < inputs.Length; i++)
            args[i] = (Dnnl.ArgMultipleSrc + i, Converted(Value(inputs[i]), Md(shapes[inputs[i]]), sources[i], $"concat in {node.Name}"));
        var pd = program.Keep(Dnnl.ConcatDesc(dst, sources, 1, program.Engine));
        var y = NewMemory(dims);
        args[^1] = (Dnnl.ArgDst, y);
        program.Add(pd, $"concat {node.Name}", args);
        values[output] = y;
        backward.Add(() =>
        {
            if (Gather(output) is not { } dy) return;
            // Channels-last slices at any channel offset are plain strided views of the gradient: one copy each.
            var offset = 0L;
            foreach (var input in inputs)
            {
                var part = shapes[input];
                var slice = Dnnl.Submemory(dst, part, [0, offset, 0, 0]);
                var dx = NewMemory(part);
                program.Reorder(slice, program.View(slice, dy), Md(part), dx, $"concat gradient {node.Name}");
                AddDiff(input, dx);
                offset += part[1];
            }
        });
    }

    void Alias(NodeProto node)
    {
        var (source, output) = (node.Input[0], node.Output[0]);
        values[output] = Value(source);
        backward.Add(() =>
        {
            if (Gather(output) is { } dy) AddDiff(source, dy);
        });
    }

    /// <summary>The forward primitive's workspace (max pooling's argmax) if it keeps one for the backward pass, else 0 (no argument).</summary>
    nint Workspace(nint pd)
    {
        if (!training) return 0;
        var md = Dnnl.QueryMd(pd, Dnnl.QueryWorkspace);
        return Dnnl.Size(md) > 0 ? program.Memory(md) : 0;
    }

    /// <summary>Weights in the layout a primitive chose, converted once from the graph's float32 OIHW.</summary>
    nint Weights(in Dnnl.MemoryDesc md, float[] weights, long[] dims)
    {
        var memory = program.Persistent(md);
        var plainMd = Dnnl.Desc(dims, Dnnl.F32, Dnnl.FormatNchw);
        fixed (float* data = weights)
        {
            var plain = Dnnl.CreateMemory(plainMd, program.Engine, (nint)data);
            program.ReorderNow(plainMd, plain, md, memory);
            Dnnl.DestroyMemory(plain);
        }
        return memory;
    }

    nint Filled(in Dnnl.MemoryDesc md, float[] data)
    {
        var memory = program.Persistent(md);
        Marshal.Copy(data, 0, Dnnl.DataHandle(memory), data.Length);
        return memory;
    }

    /// <summary>The window's pads as oneDNN wants them: the end pad makes the declared output size come out (ceil_mode's extra row included).</summary>
    static Window WindowOf(NodeProto node, long[] kernel, long[] inDims, long[] outDims)
    {
        var g = SpatialGeometry.Of(node, kernel, inDims, outDims);
        var end = new long[g.Rank];
        for (var i = 0; i < g.Rank; i++)
            end[i] = Math.Max(g.PadsEnd[i], (outDims[i + 2] - 1) * g.Strides[i] + g.Span(i) - inDims[i + 2] - g.PadsBegin[i]);
        return new Window(kernel, g.Strides, [.. g.Dilations.Select(d => d - 1)], g.PadsBegin, end);
    }

    void AddDiff(string tensor, nint memory)
    {
        if (!diffs.TryGetValue(tensor, out var list)) diffs[tensor] = list = [];
        list.Add(memory);
    }

    /// <summary>A tensor's whole gradient: where it fans out, the sum of what its consumers sent back; null if none did.</summary>
    nint? Gather(string tensor)
    {
        if (!diffs.Remove(tensor, out var parts)) return null;
        if (parts.Count == 1) return parts[0];
        var dims = shapes[tensor];
        var md = Md(dims);
        var pd = program.Keep(Dnnl.SumDesc(md, [.. parts.Select(_ => md)], program.Engine));
        var sum = NewMemory(dims);
        var args = new (int, nint)[parts.Count + 1];
        for (var i = 0; i < parts.Count; i++) args[i] = (Dnnl.ArgMultipleSrc + i, parts[i]);
        args[^1] = (Dnnl.ArgDst, sum);
        program.Add(pd, $"sum gradients of {tensor}", args);
        return sum;
    }
}
