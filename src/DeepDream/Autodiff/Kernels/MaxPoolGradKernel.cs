using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepDream.Autodiff.Kernels;

/// <summary>
/// MaxPool's input gradient from its pooled output, without indices: each window's gradient goes to
/// the first of its elements (row-major) equal to the window's maximum, the element ONNX Runtime's
/// MaxPool indices would name. Inputs X, Y = MaxPool(X), dY; output dX. Asking MaxPool for indices
/// moves it off ONNX Runtime's fast pooling path (about 15x slower) and their ScatterElements is
/// another slow pass; this kernel reads the fast pool's output and writes dX in one pass.
/// </summary>
sealed unsafe class MaxPoolGradKernel : IKernel
{
    public static KernelOp Op { get; } = new("MaxPoolGrad", Inputs: 3, OutputShapedLike: 0, a => new MaxPoolGradKernel(
        a.Ints("kernel_shape")!, a.Ints("strides")!, a.Ints("dilations")!, a.Ints("pads")!));

    // Height then width; a 1-D pool is a 2-D one of height 1.
    readonly int kh, kw, sh, sw, dh, dw, ph, pw;

    /// <param name="padsBegin">The padding before each spatial axis (the end padding only decides Y's size).</param>
    MaxPoolGradKernel(long[] kernel, long[] strides, long[] dilations, long[] padsBegin)
    {
        if (kernel.Length is not (1 or 2) || strides.Length != kernel.Length || dilations.Length != kernel.Length || padsBegin.Length != kernel.Length)
            throw new ArgumentException("MaxPoolGrad takes 1-D or 2-D windows with kernel_shape, strides, dilations and begin pads for each axis");
        int Axis(long[] values, int axis, int fallback) => kernel.Length == 2 ? (int)values[axis] : axis == 0 ? fallback : (int)values[0];
        (kh, kw) = (Axis(kernel, 0, 1), Axis(kernel, 1, 1));
        (sh, sw) = (Axis(strides, 0, 1), Axis(strides, 1, 1));
        (dh, dw) = (Axis(dilations, 0, 1), Axis(dilations, 1, 1));
        (ph, pw) = (Axis(padsBegin, 0, 0), Axis(padsBegin, 1, 0));
    }

    public void Compute(KernelContext context)
    {
        var x = context.Input(0, out var xShape);
        var y = context.Input(1, out var yShape);
        var dy = context.Input(2, out var dyShape);
        // The kernel reads raw memory by these shapes: inconsistent ones must stop here.
        if (xShape.Length is not (3 or 4) || yShape.Length != xShape.Length || !dyShape.SequenceEqual(yShape) || yShape[0] != xShape[0] || yShape[1] != xShape[1])
            throw new ArgumentException($"MaxPoolGrad needs X [N, C, …], Y and dY of one shape [N, C, …]; got [{string.Join(", ", xShape)}], [{string.Join(", ", yShape)}], [{string.Join(", ", dyShape)}]");
        var dx = context.Output(0, xShape);
        var (height, width) = xShape.Length == 4 ? ((int)xShape[2], (int)xShape[3]) : (1, (int)xShape[2]);
        var (outHeight, outWidth) = yShape.Length == 4 ? ((int)yShape[2], (int)yShape[3]) : (1, (int)yShape[2]);
        var planes = (int)(xShape[0] * xShape[1]);
        long inPlane = (long)height * width, outPlane = (long)outHeight * outWidth;

        context.ParallelFor(planes, p => Plane(
            x + p * inPlane, y + p * outPlane, dy + p * outPlane, dx + p * inPlane, height, width, outHeight, outWidth));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void Plane(float* x, float* y, float* dy, float* dx, int height, int width, int outHeight, int outWidth)
    {
        new Span<float>(dx, height * width).Clear();
        // Outputs [first, end) have windows whose vector loads stay inside the row; the rest, and
        // strides the vector path does not take, go one at a time.
        var first = sw > 2 ? outWidth : Math.Min(outWidth, (pw + sw - 1) / sw);
        var reach = width - 1 + pw - (kw - 1) * dw - (sw - 1);
        var end = Math.Min(outWidth, reach < 0 ? 0 : reach / sw + 1);
        for (var oy = 0; oy < outHeight; oy++)
        {
            var top = oy * sh - ph;
            var row = oy * outWidth;
            var ox = 0;
            for (; ox < first; ox++) Route(ArgMax(x, y[row + ox], top, ox * sw - pw, height, width), dy[row + ox], dx);
            for (; ox + Lanes <= end; ox += Lanes) RouteLanes(x, y + row + ox, dy + row + ox, dx, top, ox * sw - pw, height, width);
            for (; ox < outWidth; ox++) Route(ArgMax(x, y[row + ox], top, ox * sw - pw, height, width), dy[row + ox], dx);
        }
    }

    static void Route(int at, float gradient, float* dx)
    {
        if (at >= 0) dx[at] += gradient;
    }

    static readonly int Lanes = Vector256<float>.Count;

    /// <summary>
    /// <see cref="ArgMax"/> for <see cref="Lanes"/> neighbouring windows at once (stride 1 or 2, all
    /// columns inside the row); the routing stays scalar because overlapping windows can pick the same element.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void RouteLanes(float* x, float* y, float* dy, float* dx, int top, int left, int height, int width)
    {
        var max = Vector256.Load(y);
        var at = Vector256<int>.AllBitsSet;
        var lanes = Vector256<int>.Indices * sw;
        for (var ky = kh - 1; ky >= 0; ky--)
        {
            var row = top + ky * dh;
            if ((uint)row >= (uint)height) continue;
            for (var kx = kw - 1; kx >= 0; kx--)
            {
                var start = row * width + left + kx * dw;
                // Stride 2: the even elements of 2·Lanes floats are the low halves of Lanes 64-bit ones.
                var values = sw == 1 ? Vector256.Load(x + start)
                    : Vector256.Narrow(Vector256.Load((ulong*)(x + start)), Vector256.Load((ulong*)(x + start) + Lanes / 2)).AsSingle();
                at = Vector256.ConditionalSelect(Vector256.Equals(values, max).AsInt32(), Vector256.Create(start) + lanes, at);
            }
        }
        for (var lane = 0; lane < Lanes; lane++) Route(at.GetElement(lane), dy[lane], dx);
    }

    /// <summary>The flat index of the window's first element (row-major) equal to its maximum; −1 only if the maximum is NaN.</summary>
    int ArgMax(float* x, float max, int top, int left, int height, int width)
    {
        for (var ky = 0; ky < kh; ky++)
        {
            var row = top + ky * dh;
            if ((uint)row >= (uint)height) continue;
            for (var kx = 0; kx < kw; kx++)
            {
                var column = left + kx * dw;
                if ((uint)column < (uint)width && x[row * width + column] == max) return row * width + column;
            }
        }
        return -1;
    }
}
