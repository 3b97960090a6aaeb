using Onnx;

namespace DeepDream.Graph;

/// <summary>
/// LRN as plain ops: Y = X · S^−β with S = bias + α/size · Σ_window X², the window sum a 1x1 Conv.
/// ONNX Runtime's LRN kernel costs more than twice as much (93 of 290 ms of a 512x512 inception
/// forward pass), and the gradient reuses S and S^−β.
/// </summary>
/// <param name="Below">Channels below each channel in its window (the window is c − Below … c + Above).</param>
internal sealed record LrnDecomposition(string S, string Scale, float Alpha, float Beta, long Size, long Below, long Above)
{
    /// <summary>Rewrites an LRN node in place into Y = X · S^−β, keeping its output; sort the graph afterwards.</summary>
    public static LrnDecomposition Rewrite(GraphEditor g, NodeProto lrn, long[] shape)
    {
        var size = lrn.GetInt("size", 0);
        var alpha = lrn.GetFloat("alpha", 1e-4f);
        var beta = lrn.GetFloat("beta", 0.75f);
        var bias = lrn.GetFloat("bias", 1f);
        var below = (size - 1) / 2;
        var x = lrn.Input[0];

        var s = ChannelWindowSum(g, g.Node("Mul", [x, x]), shape, below, size - 1 - below, alpha / size, bias);
        var scale = InversePower(g, s, beta);
        lrn.OpType = "Mul";
        lrn.Attribute.Clear();
        lrn.Input.Clear();
        lrn.Input.Add(x);
        lrn.Input.Add(scale);
        return new LrnDecomposition(s, scale, alpha, beta, size, below, size - 1 - below);
    }

    /// <summary>Rewrites every LRN node of a graph whose tensor shapes are known.</summary>
    public static void RewriteAll(GraphEditor g, IReadOnlyDictionary<string, long[]> shapes)
    {
        foreach (var lrn in g.Graph.Node.Where(n => n.OpType == "LRN").ToList()) Rewrite(g, lrn, shapes[lrn.Input[0]]);
        TopologicalOrder.Sort(g.Graph);
    }

    /// <summary>
    /// factor · Σ over channels [c − below, c + above] (clipped to the valid channels) + bias: a 1x1 Conv
    /// whose weights are a band, which ONNX Runtime runs in the blocked layout of the convolutions
    /// around it. Its C² multiply-adds per pixel cost less than any other way tried: a (size x 1) Conv
    /// or an AveragePool down the channels of a [N, 1, C, H·W] view run single-threaded and slower.
    /// </summary>
    public static string ChannelWindowSum(GraphEditor g, string tensor, long[] shape, long below, long above, float factor, float bias = 0)
    {
        var channels = (int)shape[1];
        var band = new float[channels * channels];
        for (var o = 0; o < channels; o++)
            for (var i = Math.Max(0, o - (int)below); i <= Math.Min(channels - 1, o + (int)above); i++)
                band[o * channels + i] = factor;
        var kernel = g.Floats(band, [channels, channels, .. Enumerable.Repeat(1L, shape.Length - 2)]);
        return g.Node("Conv", [tensor, kernel, g.Floats(Enumerable.Repeat(bias, channels).ToArray(), channels)]);
    }

    /// <summary>S^−β, through square roots for the exponents networks use (Pow is slow).</summary>
    static string InversePower(GraphEditor g, string s, float beta)
    {
        var root = beta is 0.5f or 0.75f ? g.Node("Sqrt", [s]) : null;
        return beta switch
        {
            0.5f => g.Node("Reciprocal", [root!]),
            0.75f => g.Node("Reciprocal", [g.Node("Mul", [root!, g.Node("Sqrt", [root!])])]),
            _ => g.Node("Pow", [s, g.Scalar(-beta)]),
        };
    }
}
