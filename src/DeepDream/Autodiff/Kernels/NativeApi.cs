using System.Runtime.InteropServices;
using System.Text;

namespace DeepDream.Autodiff.Kernels;

/// <summary>
/// The entries of ONNX Runtime's C API (its OrtApi function table) that custom kernels need; the
/// managed wrapper offers no way to add kernels. The table only ever grows at its end, so an
/// entry's index never changes once published: these are onnxruntime_c_api.h's, API version 31.
/// </summary>
static unsafe class NativeApi
{
    const uint ApiVersion = 31;

    [DllImport("onnxruntime")]
    static extern nint OrtGetApiBase();

    static readonly nint* table = Load();

    /// <summary>The OrtApi entries used here, by their names in onnxruntime_c_api.h and their places in its table.</summary>
    enum Api
    {
        CreateStatus = 0,
        GetErrorMessage = 2,
        CreateCustomOpDomain = 26,
        CustomOpDomain_Add = 27,
        AddCustomOpDomain = 28,
        GetTensorMutableData = 51,
        GetDimensionsCount = 61,
        GetDimensions = 62,
        GetTensorTypeAndShape = 65,
        KernelContext_GetInput = 90,
        KernelContext_GetOutput = 91,
        ReleaseStatus = 93,
        ReleaseTensorTypeAndShapeInfo = 99,
        KernelInfoGetAttributeArray_int64 = 163,
        ShapeInferContext_GetInputTypeShape = 268,
        ShapeInferContext_SetOutputTypeShape = 270,
        KernelContext_ParallelFor = 274,
    }

    static nint Entry(Api entry) => table[(int)entry];

    static nint* Load()
    {
        // OrtApiBase: { GetApi(version), GetVersionString() }.
        var getApi = (delegate* unmanaged<uint, nint*>)((nint*)OrtGetApiBase())[0];
        var api = getApi(ApiVersion);
        return api != null ? api : throw new DeepDreamException($"this ONNX Runtime lacks C API version {ApiVersion}, which deepdream's gradient kernels need; reinstall deepdream");
    }

    public const int Fail = 1;              // OrtErrorCode ORT_FAIL
    public const int FloatElement = 1;      // ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT

    public static nint CreateStatus(int code, string message)
    {
        var bytes = Encoding.UTF8.GetBytes(message + "\0");
        fixed (byte* text = bytes) return ((delegate* unmanaged<int, byte*, nint>)Entry(Api.CreateStatus))(code, text);
    }

    /// <summary>Turns a failed call's status into an exception (and frees the status).</summary>
    static void Check(nint status)
    {
        if (status == 0) return;
        var message = Marshal.PtrToStringUTF8(((delegate* unmanaged<nint, nint>)Entry(Api.GetErrorMessage))(status));
        ((delegate* unmanaged<nint, void>)Entry(Api.ReleaseStatus))(status);
        throw new DeepDreamException($"ONNX Runtime refused a deepdream kernel call: {message}");
    }

    public static nint CreateCustomOpDomain(string name)
    {
        nint domain;
        var bytes = Encoding.UTF8.GetBytes(name + "\0");
        fixed (byte* text = bytes) Check(((delegate* unmanaged<byte*, nint*, nint>)Entry(Api.CreateCustomOpDomain))(text, &domain));
        return domain;
    }

    public static void CustomOpDomainAdd(nint domain, void* op) => Check(((delegate* unmanaged<nint, void*, nint>)Entry(Api.CustomOpDomain_Add))(domain, op));

    public static void AddCustomOpDomain(nint sessionOptions, nint domain) => Check(((delegate* unmanaged<nint, nint, nint>)Entry(Api.AddCustomOpDomain))(sessionOptions, domain));

    public static float* TensorData(nint value)
    {
        void* data;
        Check(((delegate* unmanaged<nint, void**, nint>)Entry(Api.GetTensorMutableData))(value, &data));
        return (float*)data;
    }

    public static long[] TensorShape(nint value)
    {
        nint info;
        Check(((delegate* unmanaged<nint, nint*, nint>)Entry(Api.GetTensorTypeAndShape))(value, &info));
        try { return Dimensions(info); }
        finally { ReleaseTensorTypeAndShapeInfo(info); }
    }

    static long[] Dimensions(nint info)
    {
        nuint count;
        Check(((delegate* unmanaged<nint, nuint*, nint>)Entry(Api.GetDimensionsCount))(info, &count));
        var dims = new long[(int)count];
        fixed (long* d = dims) Check(((delegate* unmanaged<nint, long*, nuint, nint>)Entry(Api.GetDimensions))(info, d, count));
        return dims;
    }

    static void ReleaseTensorTypeAndShapeInfo(nint info) => ((delegate* unmanaged<nint, void>)Entry(Api.ReleaseTensorTypeAndShapeInfo))(info);

    public static nint KernelInput(nint context, int index)
    {
        nint value;
        Check(((delegate* unmanaged<nint, nuint, nint*, nint>)Entry(Api.KernelContext_GetInput))(context, (nuint)index, &value));
        return value;
    }

    public static nint KernelOutput(nint context, int index, long[] shape)
    {
        nint value;
        fixed (long* dims = shape) Check(((delegate* unmanaged<nint, nuint, long*, nuint, nint*, nint>)Entry(Api.KernelContext_GetOutput))(context, (nuint)index, dims, (nuint)shape.Length, &value));
        return value;
    }

    /// <summary>An int64 array attribute of the node a kernel is created for, or null where the node lacks it.</summary>
    public static long[]? IntsAttribute(nint kernelInfo, string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name + "\0");
        fixed (byte* text = bytes)
        {
            var get = (delegate* unmanaged<nint, byte*, long*, nuint*, nint>)Entry(Api.KernelInfoGetAttributeArray_int64);
            nuint size = 0;
            var status = get(kernelInfo, text, null, &size);
            if (status != 0)
            {
                ((delegate* unmanaged<nint, void>)Entry(Api.ReleaseStatus))(status);
                return null;
            }
            var values = new long[(int)size];
            fixed (long* v = values) Check(get(kernelInfo, text, v, &size));
            return values;
        }
    }

    /// <summary>Gives output <paramref name="output"/> the type and shape of input <paramref name="input"/> during ONNX shape inference.</summary>
    public static void CopyInferredShape(nint shapeContext, int input, int output)
    {
        nint info; // owned by the context: released with it
        Check(((delegate* unmanaged<nint, nuint, nint*, nint>)Entry(Api.ShapeInferContext_GetInputTypeShape))(shapeContext, (nuint)input, &info));
        Check(((delegate* unmanaged<nint, nuint, nint, nint>)Entry(Api.ShapeInferContext_SetOutputTypeShape))(shapeContext, (nuint)output, info));
    }

    /// <summary>Runs fn(data, i) for i in [0, total) on ONNX Runtime's own thread pool.</summary>
    public static void ParallelFor(nint context, delegate* unmanaged<void*, nuint, void> fn, int total, void* data) =>
        Check(((delegate* unmanaged<nint, delegate* unmanaged<void*, nuint, void>, nuint, nuint, void*, nint>)Entry(Api.KernelContext_ParallelFor))(context, fn, (nuint)total, 0, data));
}
