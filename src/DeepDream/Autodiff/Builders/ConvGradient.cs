using DeepDream.Graph;

namespace DeepDream.Autodiff.Builders;

/// <summary>
/// Conv: dX is the transposed convolution of dY with the same weights. ORT runs plain Convs much
/// faster than ConvTranspose (its blocked-layout kernels), so: stride 1 is a Conv with the weights
/// transposed per group and flipped in space; a 2-D stride s is s² such Convs in one, one per phase
/// of the output, interleaved by DepthToSpace; other strided convolutions use ConvTranspose.
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
            : geometry is { Rank: 2, Strides: [var s, var t] } && s == t && group == 1 && geometry.Dilations.All(d => d == 1) && PhasesPay(geometry, s)
                ? PhaseConvolutions(c, x, w, geometry, s)
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

    /// <summary>
    /// Whether the phase Convs, which multiply by the zeros that pad every phase to ⌈k/s⌉² taps, do
    /// few enough extra FLOPs to beat ConvTranspose: measured, 7x7 stride 2 (1.3x the FLOPs) gains,
    /// 3x3 stride 2 (1.8x) and 1x1 stride 2 (4x) lose.
    /// </summary>
    static bool PhasesPay(SpatialGeometry geometry, long s)
    {
        var padded = geometry.Kernel.Aggregate(1.0, (product, k) => product * s * ((k + s - 1) / s));
        return padded / geometry.Kernel.Aggregate(1.0, (product, k) => product * k) <= 1.5;
    }

    /// <summary>
    /// The transposed convolution of stride s as one stride-1 Conv with s²·C outputs and DepthToSpace.
    /// Output row u = s·a + p (before cropping the forward pads) sums dY[a − t]·W[s·t + p] over t:
    /// for each phase p, a correlation of dY with every s-th kernel row from p, reversed. Kernels are
    /// zero-padded to s·T rows (T = ⌈k/s⌉) so that every phase has T taps.
    /// </summary>
    static string PhaseConvolutions(GradientContext c, long[] x, long[] w, SpatialGeometry geometry, long s)
    {
        var taps = geometry.Kernel.Select(k => (k + s - 1) / s).ToArray();
        var padded = c.G.Node("Pad", [c.Input(1), c.G.Int64s([0, 0, 0, 0, 0, 0, s * taps[0] - w[2], s * taps[1] - w[3]])]);
        var phases = new List<string>();
        for (var py = 0L; py < s; py++)
            for (var px = 0L; px < s; px++)
            {
                // Rows p + s·(T−1) down to p: the phase's taps, reversed (a correlation, as Conv computes).
                long[] starts = [py + s * (taps[0] - 1), px + s * (taps[1] - 1)];
                long[] ends = [py == 0 ? long.MinValue : py - 1, px == 0 ? long.MinValue : px - 1];
                var taken = c.G.Node("Slice", [padded, c.G.Int64s(starts), c.G.Int64s(ends), c.G.Int64s(2, 3), c.G.Int64s(-s, -s)]);
                phases.Add(c.G.Node("Transpose", [taken], Attributes.Ints("perm", [1, 0, 2, 3])));
            }
        // DepthToSpace (DCR) reads channel (py·s + px)·C + c as pixel (s·a + py, s·b + px) of channel c.
        var kernel = c.G.Node("Concat", phases, Attributes.Int("axis", 0));
        var y = c.Shape(c.Output(0));
        long[] rows = [.. Enumerable.Range(0, 2).Select(a => (geometry.PadsBegin[a] + x[a + 2] - 1) / s + 1)];
        long[] pads = [taps[0] - 1, taps[1] - 1, Math.Max(0, rows[0] - y[2]), Math.Max(0, rows[1] - y[3])];
        var interleaved = c.G.Node("DepthToSpace", [c.G.Node("Conv", [c.Grad, kernel], Attributes.Ints("pads", pads))],
            Attributes.Int("blocksize", s), Attributes.String("mode", "DCR"));
        return c.G.Node("Slice", [interleaved, c.G.Int64s(geometry.PadsBegin), c.G.Int64s([geometry.PadsBegin[0] + x[2], geometry.PadsBegin[1] + x[3]]), c.G.Int64s(2, 3)]);
    }
}
