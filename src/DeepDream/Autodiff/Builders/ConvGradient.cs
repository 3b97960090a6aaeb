using DeepDream.Graph;

namespace DeepDream.Autodiff.Builders;

/// <summary>
/// Conv: dX is the transposed convolution of dY with the same weights. For stride 1 it is computed as
/// a plain Conv with the weights transposed per group and flipped in space, which ORT runs faster
/// than ConvTranspose; strided convolutions use ConvTranspose with the padding that restores X's size.
/// </summary>
sealed class ConvGradient : IGradientBuilder
{
    public IEnumerable<string> OpTypes => ["Conv"];

    public void Build(GradientContext c)
    {
        if (c.Wants(1) || c.Wants(2)) throw c.Unsupported("gradients with respect to weights or bias are not supported");
        var x = c.Shape(c.Input(0));
        var w = c.Shape(c.Input(1));
        var geometry = SpatialGeometry.Of(c.Node, w[2..], x, c.Shape(c.Output(0)));
        var group = c.Node.GetInt("group", 1);
        var flippedPads = Enumerable.Range(0, geometry.Rank)
            .Select(a => geometry.Span(a) - 1 - geometry.PadsBegin[a])
            .Concat(Enumerable.Range(0, geometry.Rank).Select(a => geometry.Span(a) - 1 - geometry.PadsEnd[a]))
            .ToArray();
        var dx = geometry.Strides.All(s => s == 1) && flippedPads.All(p => p >= 0)
            ? c.G.Node("Conv", [c.Grad, FlippedWeights(c, w, group)],
                Attributes.Ints("dilations", geometry.Dilations), Attributes.Int("group", group), Attributes.Ints("pads", flippedPads))
            : Transposed(c, x, geometry, group);
        c.SetInputGrad(0, dx);
    }

    /// <summary>W [M, C/g, k…] → W' [C, M/g, k…] with W'[g·C/g + c, m, i] = W[g·M/g + m, c, k−1−i].</summary>
    static string FlippedWeights(GradientContext c, long[] w, long group)
    {
        var spatial = w[2..];
        var rank = spatial.Length;
        var perGroup = c.G.Node("Reshape", [c.Input(1), c.G.Int64s([group, w[0] / group, w[1], .. spatial])]);
        var swapped = c.G.Node("Transpose", [perGroup], Attributes.Ints("perm", [0L, 2, 1, .. Enumerable.Range(3, rank).Select(i => (long)i)]));
        var transposed = c.G.Node("Reshape", [swapped, c.G.Int64s([w[1] * group, w[0] / group, .. spatial])]);
        var axes = Enumerable.Range(2, rank).Select(i => (long)i).ToArray();
        return c.G.Node("Slice", [transposed,
            c.G.Int64s(axes.Select(_ => -1L).ToArray()), c.G.Int64s(axes.Select(_ => long.MinValue).ToArray()),
            c.G.Int64s(axes), c.G.Int64s(axes.Select(_ => -1L).ToArray())]);
    }

    static string Transposed(GradientContext c, long[] x, SpatialGeometry geometry, long group)
    {
        var y = c.Shape(c.Output(0));
        var outputPadding = Enumerable.Range(0, geometry.Rank)
            .Select(a => x[a + 2] - ((y[a + 2] - 1) * geometry.Strides[a] + geometry.Span(a) - geometry.PadsBegin[a] - geometry.PadsEnd[a]))
            .ToArray();
        if (outputPadding.Where((p, a) => p < 0 || p >= Math.Max(geometry.Strides[a], geometry.Dilations[a])).Any())
            throw c.Unsupported("its padding cannot be inverted by ConvTranspose");
        return c.G.Node("ConvTranspose", [c.Grad, c.Input(1)],
            Attributes.Ints("strides", geometry.Strides), Attributes.Ints("dilations", geometry.Dilations),
            Attributes.Int("group", group), Attributes.Ints("pads", geometry.Pads), Attributes.Ints("output_padding", outputPadding));
    }
}
