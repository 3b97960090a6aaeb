using System.Runtime.InteropServices;

namespace DeepDream.Runtime.OneDnn;

/// <summary>
/// The entries of oneDNN's C API (dnnl.h, version 2.x: the libdnnl.so.2 that Debian ships and its
/// PyTorch links) that the oneDNN engine calls. The library is looked up at run time, not linked:
/// a machine without it dreams with ONNX Runtime alone.
/// </summary>
internal static unsafe class Dnnl
{
    // Sizes and values from dnnl_types.h of oneDNN 2.6; the library's ABI keeps them within a major version.
    public const int MaxDims = 12;
    public const int MemoryDescSize = 696;
    public const int OpDescSize = 6144;     // the largest op descriptor used here (convolution: 5976 bytes), rounded up

    public const int F32 = 3, Bf16 = 2;
    public const int FormatAny = 1, FormatX = 2, FormatNchw = 5, FormatNhwc = 20, FormatNChw16c = 69;
    public const int ForwardTraining = 64, ForwardInference = 96;
    public const int ConvolutionDirect = 1, EltwiseRelu = 31, EltwiseReluUseDstForBwd = 256;
    public const int PoolingMax = 511, PoolingAvgIncludePadding = 767, PoolingAvgExcludePadding = 1023;
    public const int LrnAcrossChannels = 2815, BinaryAdd = 131056, BinaryMul = 131057, BinaryDiv = 131060, EltwiseSquare = 79, EltwiseSqrt = 111, EltwisePow = 32, EltwiseLinear = 127;
    /// <summary>The argument that feeds post-op <paramref name="index"/> its second tensor: DNNL_ARG_ATTR_MULTIPLE_POST_OP(index) | DNNL_ARG_SRC_1.</summary>
    public static int PostOpOperand(int index) => 16384 * (index + 1) | ArgSrc1;
    public const int ArgSrc = 1, ArgSrc1 = 2, ArgDst = 17, ArgWeights = 33, ArgBias = 41, ArgWorkspace = 64,
        ArgDiffSrc = 129, ArgDiffDst = 145, ArgMultipleSrc = 1024, ArgFrom = 1, ArgTo = 17;
    public const int QuerySrc = 129, QueryDiffSrc = 130, QueryWeights = 131, QueryDst = 133, QueryDiffDst = 134, QueryWorkspace = 135, QueryImplInfo = 8;
    public const int IsaAvx512CoreBf16 = 0xe7, IsaAvx512CoreAmx = 0x3e7;
    public static readonly nint Allocate = -1; // DNNL_MEMORY_ALLOCATE

    [StructLayout(LayoutKind.Sequential)]
    public struct ExecArg { public int Arg; public nint Memory; }

    /// <summary>A dnnl_memory_desc_t, kept opaque: only the library reads or writes its fields.</summary>
    [StructLayout(LayoutKind.Sequential, Size = MemoryDescSize)]
    public struct MemoryDesc;

    static readonly nint library = Load();
    public static bool Available => library != 0 && Isa >= 0x27; // avx512_core or better: the kernels this engine was measured with

    static nint Load() => NativeLibrary.TryLoad("libdnnl.so.2", out var handle) ? handle : 0;

    static nint F(string name) => NativeLibrary.GetExport(library, "dnnl_" + name);

    /// <summary>The instruction set oneDNN dispatches to on this CPU (a dnnl_cpu_isa_t), 0 without the library.</summary>
    public static int Isa => library == 0 ? 0 : ((delegate* unmanaged<int>)F("get_effective_cpu_isa"))();

    /// <summary>Whether oneDNN runs bf16 convolutions natively here (AVX512-BF16 or AMX).</summary>
    public static bool HasBf16 => (Isa & IsaAvx512CoreBf16) == IsaAvx512CoreBf16;

    static void Check(int status, string what)
    {
        if (status != 0) throw new OneDnnException($"oneDNN cannot {what} (status {status})");
    }

    public static nint CreateEngine() { nint e; Check(((delegate* unmanaged<nint*, int, nuint, int>)F("engine_create"))(&e, 1, 0), "create a CPU engine"); return e; }
    public static void DestroyEngine(nint e) => ((delegate* unmanaged<nint, int>)F("engine_destroy"))(e);
    public static nint CreateStream(nint engine) { nint s; Check(((delegate* unmanaged<nint*, nint, uint, int>)F("stream_create"))(&s, engine, 0x1), "create a stream"); return s; }
    public static void DestroyStream(nint s) => ((delegate* unmanaged<nint, int>)F("stream_destroy"))(s);
    // The two entries every run calls, looked up once.
    static readonly delegate* unmanaged<nint, nint, int, ExecArg*, int> execute = library == 0 ? null : (delegate* unmanaged<nint, nint, int, ExecArg*, int>)F("primitive_execute");
    static readonly delegate* unmanaged<nint, int> wait = library == 0 ? null : (delegate* unmanaged<nint, int>)F("stream_wait");

    public static void Wait(nint stream) => Check(wait(stream), "finish its work");

    public static MemoryDesc Desc(ReadOnlySpan<long> dims, int type, int tag)
    {
        MemoryDesc md;
        fixed (long* d = dims)
            Check(((delegate* unmanaged<MemoryDesc*, int, long*, int, int, int>)F("memory_desc_init_by_tag"))(&md, dims.Length, d, type, tag),
                $"describe a {string.Join('x', dims.ToArray())} tensor");
        return md;
    }

    public static MemoryDesc Submemory(in MemoryDesc parent, ReadOnlySpan<long> dims, ReadOnlySpan<long> offsets)
    {
        MemoryDesc md;
        fixed (MemoryDesc* p = &parent) fixed (long* d = dims) fixed (long* o = offsets)
            Check(((delegate* unmanaged<MemoryDesc*, MemoryDesc*, long*, long*, int>)F("memory_desc_init_submemory"))(&md, p, d, o), "describe a slice");
        return md;
    }

    public static long Size(in MemoryDesc md) { fixed (MemoryDesc* p = &md) return (long)((delegate* unmanaged<MemoryDesc*, nuint>)F("memory_desc_get_size"))(p); }

    public static bool Equal(in MemoryDesc a, in MemoryDesc b) { fixed (MemoryDesc* pa = &a) fixed (MemoryDesc* pb = &b) return ((delegate* unmanaged<MemoryDesc*, MemoryDesc*, int>)F("memory_desc_equal"))(pa, pb) != 0; }

    /// <param name="handle">The buffer to wrap; <see cref="Allocate"/> for memory oneDNN allocates and owns; 0 for none yet (see <see cref="SetDataHandle"/>).</param>
    public static nint CreateMemory(in MemoryDesc md, nint engine, nint handle)
    {
        nint m;
        fixed (MemoryDesc* p = &md)
            Check(((delegate* unmanaged<nint*, MemoryDesc*, nint, nint, int>)F("memory_create"))(&m, p, engine, handle), "allocate a tensor");
        return m;
    }

    public static void SetDataHandle(nint memory, nint handle) =>
        Check(((delegate* unmanaged<nint, nint, int>)F("memory_set_data_handle"))(memory, handle), "place a tensor");

    public static void DestroyMemory(nint m) => ((delegate* unmanaged<nint, int>)F("memory_destroy"))(m);

    public static nint DataHandle(nint memory) { nint h; Check(((delegate* unmanaged<nint, nint*, int>)F("memory_get_data_handle"))(memory, &h), "read a tensor's address"); return h; }

    public static nint CreatePrimitiveDesc(void* opDesc, nint attr, nint engine, nint hint, string what)
    {
        nint pd;
        Check(((delegate* unmanaged<nint*, void*, nint, nint, nint, int>)F("primitive_desc_create"))(&pd, opDesc, attr, engine, hint), what);
        return pd;
    }

    public static MemoryDesc QueryMd(nint pd, int what, int index = 0)
    {
        var md = ((delegate* unmanaged<nint, int, int, MemoryDesc*>)F("primitive_desc_query_md"))(pd, what, index);
        return md == null ? default : *md;
    }

    public static string Implementation(nint pd)
    {
        byte* text;
        Check(((delegate* unmanaged<nint, int, int, void*, int>)F("primitive_desc_query"))(pd, QueryImplInfo, 0, &text), "name its implementation");
        return Marshal.PtrToStringUTF8((nint)text) ?? "";
    }

    public static void DestroyPrimitiveDesc(nint pd) => ((delegate* unmanaged<nint, int>)F("primitive_desc_destroy"))(pd);

    public static nint CreatePrimitive(nint pd, string what) { nint p; Check(((delegate* unmanaged<nint*, nint, int>)F("primitive_create"))(&p, pd), what); return p; }

    public static void Execute(nint primitive, nint stream, int count, ExecArg* args) => Check(execute(primitive, stream, count, args), "run a primitive");

    public static void DestroyPrimitive(nint p) => ((delegate* unmanaged<nint, int>)F("primitive_destroy"))(p);

    public static nint ReorderDesc(in MemoryDesc from, in MemoryDesc to, nint engine)
    {
        nint pd;
        fixed (MemoryDesc* f = &from) fixed (MemoryDesc* t = &to)
            Check(((delegate* unmanaged<nint*, MemoryDesc*, nint, MemoryDesc*, nint, nint, int>)F("reorder_primitive_desc_create"))(&pd, f, engine, t, engine, 0), "convert a tensor's layout");
        return pd;
    }

    public static nint ConcatDesc(in MemoryDesc dst, ReadOnlySpan<MemoryDesc> sources, int axis, nint engine)
    {
        nint pd;
        fixed (MemoryDesc* d = &dst) fixed (MemoryDesc* s = sources)
            Check(((delegate* unmanaged<nint*, MemoryDesc*, int, int, MemoryDesc*, nint, nint, int>)F("concat_primitive_desc_create"))(&pd, d, sources.Length, axis, s, 0, engine), "concatenate tensors");
        return pd;
    }

    public static nint SumDesc(in MemoryDesc dst, ReadOnlySpan<MemoryDesc> sources, nint engine)
    {
        nint pd;
        var scales = stackalloc float[sources.Length];
        for (var i = 0; i < sources.Length; i++) scales[i] = 1;
        fixed (MemoryDesc* d = &dst) fixed (MemoryDesc* s = sources)
            Check(((delegate* unmanaged<nint*, MemoryDesc*, int, float*, MemoryDesc*, nint, nint, int>)F("sum_primitive_desc_create"))(&pd, d, sources.Length, scales, s, 0, engine), "sum gradients");
        return pd;
    }

    public static void ConvolutionForward(void* desc, int prop, in MemoryDesc src, in MemoryDesc weights, in MemoryDesc bias, in MemoryDesc dst, Window w)
    {
        fixed (MemoryDesc* s = &src) fixed (MemoryDesc* wt = &weights) fixed (MemoryDesc* b = &bias) fixed (MemoryDesc* d = &dst)
        fixed (long* st = w.Strides) fixed (long* dl = w.Dilations) fixed (long* pl = w.PadsBegin) fixed (long* pr = w.PadsEnd)
            Check(((delegate* unmanaged<void*, int, int, MemoryDesc*, MemoryDesc*, MemoryDesc*, MemoryDesc*, long*, long*, long*, long*, int>)F("dilated_convolution_forward_desc_init"))(
                desc, prop, ConvolutionDirect, s, wt, b, d, st, dl, pl, pr), "describe a convolution");
    }

    public static void ConvolutionBackwardData(void* desc, in MemoryDesc diffSrc, in MemoryDesc weights, in MemoryDesc diffDst, Window w)
    {
        fixed (MemoryDesc* s = &diffSrc) fixed (MemoryDesc* wt = &weights) fixed (MemoryDesc* d = &diffDst)
        fixed (long* st = w.Strides) fixed (long* dl = w.Dilations) fixed (long* pl = w.PadsBegin) fixed (long* pr = w.PadsEnd)
            Check(((delegate* unmanaged<void*, int, MemoryDesc*, MemoryDesc*, MemoryDesc*, long*, long*, long*, long*, int>)F("dilated_convolution_backward_data_desc_init"))(
                desc, ConvolutionDirect, s, wt, d, st, dl, pl, pr), "describe a convolution's gradient");
    }

    public static void EltwiseForward(void* desc, int prop, int alg, in MemoryDesc data, float alpha = 0, float beta = 0)
    {
        fixed (MemoryDesc* d = &data)
            Check(((delegate* unmanaged<void*, int, int, MemoryDesc*, float, float, int>)F("eltwise_forward_desc_init"))(desc, prop, alg, d, alpha, beta), "describe an element-wise op");
    }

    public static void EltwiseBackward(void* desc, int alg, in MemoryDesc diff, in MemoryDesc data)
    {
        fixed (MemoryDesc* df = &diff) fixed (MemoryDesc* d = &data)
            Check(((delegate* unmanaged<void*, int, MemoryDesc*, MemoryDesc*, float, float, int>)F("eltwise_backward_desc_init"))(desc, alg, df, d, 0, 0), "describe an activation's gradient");
    }

    public static void PoolingForward(void* desc, int prop, int alg, in MemoryDesc src, in MemoryDesc dst, Window w)
    {
        fixed (MemoryDesc* s = &src) fixed (MemoryDesc* d = &dst)
        fixed (long* st = w.Strides) fixed (long* k = w.Kernel) fixed (long* dl = w.Dilations) fixed (long* pl = w.PadsBegin) fixed (long* pr = w.PadsEnd)
            Check(((delegate* unmanaged<void*, int, int, MemoryDesc*, MemoryDesc*, long*, long*, long*, long*, long*, int>)F("pooling_v2_forward_desc_init"))(
                desc, prop, alg, s, d, st, k, dl, pl, pr), "describe a pooling");
    }

    public static void PoolingBackward(void* desc, int alg, in MemoryDesc diffSrc, in MemoryDesc diffDst, Window w)
    {
        fixed (MemoryDesc* s = &diffSrc) fixed (MemoryDesc* d = &diffDst)
        fixed (long* st = w.Strides) fixed (long* k = w.Kernel) fixed (long* dl = w.Dilations) fixed (long* pl = w.PadsBegin) fixed (long* pr = w.PadsEnd)
            Check(((delegate* unmanaged<void*, int, MemoryDesc*, MemoryDesc*, long*, long*, long*, long*, long*, int>)F("pooling_v2_backward_desc_init"))(
                desc, alg, s, d, st, k, dl, pl, pr), "describe a pooling's gradient");
    }

    public static void LrnForward(void* desc, int prop, in MemoryDesc data, long size, float alpha, float beta, float k)
    {
        fixed (MemoryDesc* d = &data)
            Check(((delegate* unmanaged<void*, int, int, MemoryDesc*, long, float, float, float, int>)F("lrn_forward_desc_init"))(desc, prop, LrnAcrossChannels, d, size, alpha, beta, k), "describe a normalization");
    }

    public static void LrnBackward(void* desc, in MemoryDesc diff, in MemoryDesc data, long size, float alpha, float beta, float k)
    {
        fixed (MemoryDesc* df = &diff) fixed (MemoryDesc* d = &data)
            Check(((delegate* unmanaged<void*, int, MemoryDesc*, MemoryDesc*, long, float, float, float, int>)F("lrn_backward_desc_init"))(desc, LrnAcrossChannels, df, d, size, alpha, beta, k), "describe a normalization's gradient");
    }

    public static void Binary(void* desc, int alg, in MemoryDesc a, in MemoryDesc b, in MemoryDesc dst)
    {
        fixed (MemoryDesc* pa = &a) fixed (MemoryDesc* pb = &b) fixed (MemoryDesc* d = &dst)
            Check(((delegate* unmanaged<void*, int, MemoryDesc*, MemoryDesc*, MemoryDesc*, int>)F("binary_desc_init"))(desc, alg, pa, pb, d), "describe a sum");
    }

    /// <summary>
    /// Primitive attributes that apply <paramref name="ops"/> to the primitive's result, in order, or 0 (the defaults)
    /// for none. A binary post-op's second operand is a tensor described by <paramref name="operand"/>.
    /// </summary>
    public static nint Attributes(ReadOnlySpan<PostOp> ops, in MemoryDesc operand = default)
    {
        if (ops.IsEmpty) return 0;
        nint attr, list;
        Check(((delegate* unmanaged<nint*, int>)F("primitive_attr_create"))(&attr), "create attributes");
        Check(((delegate* unmanaged<nint*, int>)F("post_ops_create"))(&list), "create post-ops");
        foreach (var op in ops)
            if (op.Binary)
                fixed (MemoryDesc* md = &operand)
                    Check(((delegate* unmanaged<nint, int, MemoryDesc*, int>)F("post_ops_append_binary"))(list, op.Alg, md), "fuse an element-wise op");
            else
                Check(((delegate* unmanaged<nint, float, int, float, float, int>)F("post_ops_append_eltwise"))(list, 1, op.Alg, op.Alpha, op.Beta), "fuse an activation");
        Check(((delegate* unmanaged<nint, nint, int>)F("primitive_attr_set_post_ops"))(attr, list), "fuse post-ops");
        ((delegate* unmanaged<nint, int>)F("post_ops_destroy"))(list);
        return attr;
    }

    public static void DestroyAttributes(nint attr)
    {
        if (attr != 0) ((delegate* unmanaged<nint, int>)F("primitive_attr_destroy"))(attr);
    }
}

/// <summary>An op fused after a primitive: element-wise (alg, alpha, beta), or binary with a second tensor.</summary>
internal readonly record struct PostOp(int Alg, float Alpha = 0, float Beta = 0, bool Binary = false)
{
    public static readonly PostOp Relu = new(Dnnl.EltwiseRelu);
}

/// <summary>A convolution or pooling window in oneDNN's terms: dilations count the gaps (0 is none).</summary>
internal sealed record Window(long[] Kernel, long[] Strides, long[] Dilations, long[] PadsBegin, long[] PadsEnd);

/// <summary>oneDNN refused or failed a step; the engine falls back to ONNX Runtime where it may.</summary>
internal sealed class OneDnnException(string message) : DeepDreamException(message);
