namespace DeepDream.Autodiff.Kernels;

/// <summary>A kernel for one graph node, made with that node's attributes; ONNX Runtime calls it once per run.</summary>
interface IKernel
{
    void Compute(KernelContext context);
}

/// <summary>
/// An op this project adds to ONNX Runtime: float tensors in, one float tensor out that has the
/// shape of input <paramref name="OutputShapedLike"/>.
/// </summary>
sealed record KernelOp(string Name, int Inputs, int OutputShapedLike, Func<KernelAttributes, IKernel> Create);

/// <summary>The attributes of the node a kernel is made for.</summary>
readonly struct KernelAttributes(nint info)
{
    public long[]? Ints(string name) => NativeApi.IntsAttribute(info, name);
}
