using System.Numerics;

namespace DeepDream.Autodiff.Kernels;

/// <summary>
/// ReLU's input gradient, dY where Y > 0 and 0 elsewhere, in one vectorized pass (ONNX needs a
/// Greater and a Where for it: two passes and a boolean tensor between them). Inputs Y, dY; output dX.
/// </summary>
sealed unsafe class ReluGradKernel : IKernel
{
    public static KernelOp Op { get; } = new("ReluGrad", Inputs: 2, OutputShapedLike: 1, _ => new ReluGradKernel());

    // Big enough to amortize a task's dispatch, small enough that 2–16 threads all get some.
    const int Block = 1 << 15;

    public void Compute(KernelContext context)
    {
        var y = context.Input(0, out var yShape);
        var dy = context.Input(1, out var shape);
        // The kernel reads raw memory by this shape: Y must match it.
        if (!yShape.SequenceEqual(shape))
            throw new ArgumentException($"ReluGrad needs Y and dY of one shape; got [{string.Join(", ", yShape)}] and [{string.Join(", ", shape)}]");
        var dx = context.Output(0, shape);
        var count = shape.Aggregate(1L, (a, b) => a * b);
        context.ParallelFor((int)((count + Block - 1) / Block), b =>
        {
            var start = (long)b * Block;
            Mask(y + start, dy + start, dx + start, (int)Math.Min(Block, count - start));
        });
    }

    static void Mask(float* y, float* dy, float* dx, int count)
    {
        var i = 0;
        for (; i <= count - Vector<float>.Count; i += Vector<float>.Count)
        {
            var positive = Vector.GreaterThan(Vector.Load(y + i), Vector<float>.Zero);
            Vector.Store(Vector.ConditionalSelect(positive, Vector.Load(dy + i), Vector<float>.Zero), dx + i);
        }
        for (; i < count; i++) dx[i] = y[i] > 0 ? dy[i] : 0;
    }
}
