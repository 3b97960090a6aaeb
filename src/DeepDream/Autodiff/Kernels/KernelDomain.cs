using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace DeepDream.Autodiff.Kernels;

/// <summary>
/// The ops that deepdream's backward graphs use beyond ONNX's own, registered with ONNX Runtime as
/// one custom-op domain. They are C# kernels called through ONNX Runtime's C API: nothing native to
/// build, and they run on ONNX Runtime's threads, inside the same session as everything else.
/// </summary>
internal static unsafe class KernelDomain
{
    public const string Name = "ai.deepdream";

    static readonly KernelOp[] Ops = [MaxPoolGradKernel.Op, ReluGradKernel.Op];

    // ONNX Runtime hands each callback the native op struct; this finds the op it describes and its name as C text.
    static readonly Dictionary<nint, (KernelOp Op, nint Name)> byStruct = [];
    static readonly nint domain = Register();

    /// <summary>Lets sessions made with these options run graphs that use the domain's ops.</summary>
    public static void AddTo(SessionOptions options) => NativeApi.AddCustomOpDomain(options.DangerousGetHandle(), domain);

    static nint Register()
    {
        var created = NativeApi.CreateCustomOpDomain(Name);
        foreach (var op in Ops)
        {
            // Lives as long as the process: every session made from now on refers to it.
            var native = (NativeOp*)NativeMemory.AllocZeroed((nuint)sizeof(NativeOp));
            *native = NativeOp.Describing();
            byStruct[(nint)native] = (op, Marshal.StringToCoTaskMemUTF8(op.Name));
            NativeApi.CustomOpDomainAdd(created, native);
        }
        return created;
    }

    static KernelOp OpOf(NativeOp* op) => byStruct[(nint)op].Op;

    /// <summary>ONNX Runtime's OrtCustomOp, field for field (onnxruntime_c_api.h, version 31).</summary>
    [StructLayout(LayoutKind.Sequential)]
    struct NativeOp
    {
        public uint Version;
        public delegate* unmanaged<NativeOp*, nint, nint, nint> CreateKernel;
        public delegate* unmanaged<NativeOp*, byte*> GetName;
        public delegate* unmanaged<NativeOp*, byte*> GetExecutionProviderType;
        public delegate* unmanaged<NativeOp*, nuint, int> GetInputType;
        public delegate* unmanaged<NativeOp*, nuint> GetInputTypeCount;
        public delegate* unmanaged<NativeOp*, nuint, int> GetOutputType;
        public delegate* unmanaged<NativeOp*, nuint> GetOutputTypeCount;
        public delegate* unmanaged<nint, nint, void> KernelCompute;
        public delegate* unmanaged<nint, void> KernelDestroy;
        public delegate* unmanaged<NativeOp*, nuint, int> GetInputCharacteristic;
        public delegate* unmanaged<NativeOp*, nuint, int> GetOutputCharacteristic;
        public delegate* unmanaged<NativeOp*, nuint, int> GetInputMemoryType;
        public delegate* unmanaged<NativeOp*, int> GetVariadicInputMinArity;
        public delegate* unmanaged<NativeOp*, int> GetVariadicInputHomogeneity;
        public delegate* unmanaged<NativeOp*, int> GetVariadicOutputMinArity;
        public delegate* unmanaged<NativeOp*, int> GetVariadicOutputHomogeneity;
        public delegate* unmanaged<NativeOp*, nint, nint, nint*, nint> CreateKernelV2;
        public delegate* unmanaged<nint, nint, nint> KernelComputeV2;
        public delegate* unmanaged<NativeOp*, nint, nint> InferOutputShapeFn;
        public delegate* unmanaged<NativeOp*, int> GetStartVersion;
        public delegate* unmanaged<NativeOp*, int> GetEndVersion;
        public delegate* unmanaged<int**, int**, nuint> GetMayInplace;
        public delegate* unmanaged<int*, int*, void> ReleaseMayInplace;
        public delegate* unmanaged<int**, int**, nuint> GetAliasMap;
        public delegate* unmanaged<int*, int*, void> ReleaseAliasMap;

        public static NativeOp Describing() => new()
        {
            Version = 31,
            GetName = &GetNameOf,
            GetExecutionProviderType = &NoProvider,
            GetInputType = &FloatType,
            GetInputTypeCount = &InputCount,
            GetOutputType = &FloatType,
            GetOutputTypeCount = &OneOutput,
            KernelDestroy = &DestroyKernel,
            GetInputCharacteristic = &Required,
            GetOutputCharacteristic = &Required,
            GetInputMemoryType = &DefaultMemory,
            GetVariadicInputMinArity = &One,
            GetVariadicInputHomogeneity = &One,
            GetVariadicOutputMinArity = &One,
            GetVariadicOutputHomogeneity = &One,
            CreateKernelV2 = &CreateKernelOf,
            KernelComputeV2 = &Compute,
            InferOutputShapeFn = &InferShape,
            GetStartVersion = &One,
            GetEndVersion = &Latest,
            GetMayInplace = &NoPairs,
            ReleaseMayInplace = &ReleaseNothing,
            GetAliasMap = &NoPairs,
            ReleaseAliasMap = &ReleaseNothing,
        };
    }

    [UnmanagedCallersOnly] static byte* GetNameOf(NativeOp* op) => (byte*)byStruct[(nint)op].Name;
    [UnmanagedCallersOnly] static byte* NoProvider(NativeOp* op) => null; // the CPU provider
    [UnmanagedCallersOnly] static int FloatType(NativeOp* op, nuint index) => NativeApi.FloatElement;
    [UnmanagedCallersOnly] static nuint InputCount(NativeOp* op) => (nuint)OpOf(op).Inputs;
    [UnmanagedCallersOnly] static nuint OneOutput(NativeOp* op) => 1;
    [UnmanagedCallersOnly] static int Required(NativeOp* op, nuint index) => 0;
    [UnmanagedCallersOnly] static int DefaultMemory(NativeOp* op, nuint index) => 0;
    [UnmanagedCallersOnly] static int One(NativeOp* op) => 1;
    [UnmanagedCallersOnly] static int Latest(NativeOp* op) => int.MaxValue;
    [UnmanagedCallersOnly] static nuint NoPairs(int** inputs, int** outputs) => 0;
    [UnmanagedCallersOnly] static void ReleaseNothing(int* inputs, int* outputs) { }

    [UnmanagedCallersOnly]
    static nint CreateKernelOf(NativeOp* op, nint api, nint info, nint* kernel)
    {
        try
        {
            *kernel = GCHandle.ToIntPtr(GCHandle.Alloc(OpOf(op).Create(new KernelAttributes(info))));
            return 0;
        }
        catch (Exception e)
        {
            return NativeApi.CreateStatus(NativeApi.Fail, e.Message);
        }
    }

    [UnmanagedCallersOnly]
    static nint Compute(nint kernel, nint context)
    {
        try
        {
            ((IKernel)GCHandle.FromIntPtr(kernel).Target!).Compute(new KernelContext(context));
            return 0;
        }
        catch (Exception e)
        {
            return NativeApi.CreateStatus(NativeApi.Fail, e.Message);
        }
    }

    [UnmanagedCallersOnly]
    static void DestroyKernel(nint kernel) => GCHandle.FromIntPtr(kernel).Free();

    [UnmanagedCallersOnly]
    static nint InferShape(NativeOp* op, nint context)
    {
        try
        {
            NativeApi.CopyInferredShape(context, OpOf(op).OutputShapedLike, 0);
            return 0;
        }
        catch (Exception e)
        {
            return NativeApi.CreateStatus(NativeApi.Fail, e.Message);
        }
    }
}
