using DeepDream.Graph;
using DeepDream.Autodiff.Kernels;

namespace DeepDream.Autodiff.Builders;

/// <summary>
/// MaxPool: the forward node stays on ONNX Runtime's fast path (no indices); this project's kernel
/// routes each window's dY to the element that equals the window's maximum.
/// </summary>
sealed class MaxPoolGradient : IGradientBuilder
{
    public IEnumerable<string> OpTypes => ["MaxPool"];

    public void Build(GradientContext c)
    {
        var x = c.Shape(c.Input(0));
        if (x.Length is not (3 or 4)) throw c.Unsupported("only 1-D and 2-D pooling windows are supported");
        var g = SpatialGeometry.Of(c.Node, c.Node.GetInts("kernel_shape")!, x, c.Shape(c.Output(0)));
        c.SetInputGrad(0, c.G.DomainNode(KernelDomain.Name, MaxPoolGradKernel.Op.Name, [c.Input(0), c.Output(0), c.Grad],
            Attributes.Ints("kernel_shape", g.Kernel), Attributes.Ints("strides", g.Strides),
            Attributes.Ints("dilations", g.Dilations), Attributes.Ints("pads", g.PadsBegin)));
    }
}

/// <summary>
/// AveragePool: each output spreads dY / (its divisor) evenly over its window — a depthwise
/// ConvTranspose with a kernel of ones, after dividing dY by each window's divisor.
/// </summary>
sealed class AveragePoolGradient : IGradientBuilder
{
    public IEnumerable<string> OpTypes => ["AveragePool"];

    public void Build(GradientContext c)
    {
        var x = c.Shape(c.Input(0));
        var y = c.Shape(c.Output(0));
        var g = SpatialGeometry.Of(c.Node, c.Node.GetInts("kernel_shape")!, x, y);
        var includePad = c.Node.GetInt("count_include_pad", 0) == 1;

        var padsEnd = new long[g.Rank];
        var outputPadding = new long[g.Rank];
        for (var a = 0; a < g.Rank; a++)
        {
            // With ceil_mode the last window may hang past the padded input; crop it off the end.
            var remainder = (y[a + 2] - 1) * g.Strides[a] + g.Kernel[a] - g.PadsBegin[a] - x[a + 2];
            padsEnd[a] = Math.Max(0, remainder);
            outputPadding[a] = Math.Max(0, -remainder);
        }

        var channels = x[1];
        var ones = c.G.Floats(Enumerable.Repeat(1f, (int)(channels * Tensors.ElementCount(g.Kernel))).ToArray(), [channels, 1, .. g.Kernel]);
        var scaled = c.G.Node("Mul", [c.Grad, InverseDivisors(c, g, x, y, includePad)]);
        c.SetInputGrad(0, c.G.Node("ConvTranspose", [scaled, ones],
            Attributes.Ints("strides", g.Strides), Attributes.Int("group", channels),
            Attributes.Ints("pads", [.. g.PadsBegin, .. padsEnd]), Attributes.Ints("output_padding", outputPadding)));
    }

    /// <summary>1 / the number of elements each output window averages, as a [1, 1, out…] constant.</summary>
    static string InverseDivisors(GradientContext c, SpatialGeometry g, long[] x, long[] y, bool includePad)
    {
        // The divisor factors over the spatial axes; compute it per axis, then take outer products.
        var perAxis = Enumerable.Range(0, g.Rank).Select(a => Enumerable.Range(0, (int)y[a + 2]).Select(o =>
        {
            var start = o * g.Strides[a] - g.PadsBegin[a];
            var end = Math.Min(start + g.Kernel[a], x[a + 2] + g.PadsEnd[a]);
            return includePad ? end - start : Math.Min(end, x[a + 2]) - Math.Max(start, 0);
        }).ToArray()).ToArray();

        var values = new float[Tensors.ElementCount(y[2..])];
        var index = new int[g.Rank];
        for (var i = 0; i < values.Length; i++)
        {
            long divisor = 1;
            for (var a = 0; a < g.Rank; a++) divisor *= perAxis[a][index[a]];
            values[i] = 1f / divisor;
            for (var a = g.Rank - 1; a >= 0 && ++index[a] == y[a + 2]; a--) index[a] = 0;
        }
        return c.G.Floats(values, [1, 1, .. y[2..]]);
    }
}

sealed class GlobalAveragePoolGradient : IGradientBuilder
{
    public IEnumerable<string> OpTypes => ["GlobalAveragePool"];

    public void Build(GradientContext c)
    {
        var x = c.Shape(c.Input(0));
        var mean = c.G.Node("Mul", [c.Grad, c.G.Scalar(1f / Tensors.ElementCount(x[2..]))]);
        c.SetInputGrad(0, c.G.Node("Expand", [mean, c.G.Int64s(x)]));
    }
}
