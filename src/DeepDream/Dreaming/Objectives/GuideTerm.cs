using System.Security.Cryptography;
using System.Runtime.InteropServices;
using DeepDream.Graph;
using DeepDream.Runtime;

namespace DeepDream.Dreaming.Objectives;

/// <summary>
/// Caffe's guided dream (objective_guide): at each position of the layer, follow the guide image's
/// feature vector that matches it best (the largest dot product). Its value is the mean of those best
/// dot products, whose gradient at position n is exactly that guide feature, over the position count.
/// </summary>
/// <param name="Features">The guide's activations at the layer, channels × guide positions (C × M).</param>
public sealed record GuideTerm(string Tensor, LayerActivations Features) : ObjectiveTerm(Tensor)
{
    /// <summary>The guide's features are part of the graph: sessions built for another guide must not be reused.</summary>
    public override string Key => $"guide({Tensor}, {Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(Features.Values.AsSpan())))[..16]})";

    public override (string Value, string Gradient) Emit(GraphEditor g, long[] shape, float weight)
    {
        var (channels, guides) = (Features.Channels, Features.Positions);
        if (shape.Length != 4 || shape[1] != channels)
            throw new DeepDreamException($"the guide's features have {channels} channels, layer {Tensor} has {(shape.Length > 1 ? shape[1] : 0)}");
        var positions = shape[2] * shape[3];
        // x: positions × C; y: C × M. A = x·y holds every position's dot product with every guide feature.
        var x = g.Node("Transpose", [g.Node("Reshape", [Tensor, g.Int64s(channels, positions)])], Attributes.Ints("perm", [1L, 0]));
        var y = g.Floats(Features.Values, channels, guides);
        var dots = g.Node("MatMul", [x, y]);
        var best = g.Node("ReduceMax", [dots], Attributes.Ints("axes", [1L]), Attributes.Int("keepdims", 0));
        var value = MeanInDoubles(g, best, t => t);
        var chosen = g.Node("Gather", [g.Floats(Transposed(), guides, channels), g.Node("ArgMax", [dots], Attributes.Int("axis", 1), Attributes.Int("keepdims", 0))]);
        var gradient = g.Node("Reshape", [g.Node("Transpose", [chosen], Attributes.Ints("perm", [1L, 0])), g.Int64s(shape)]);
        return (value, g.Node("Mul", [gradient, g.Scalar(weight / positions)]));
    }

    /// <summary>M × C: the guide features as rows, to gather by index.</summary>
    float[] Transposed()
    {
        var (c, m) = ((int)Features.Channels, (int)Features.Positions);
        var rows = new float[c * m];
        for (var i = 0; i < c; i++)
            for (var j = 0; j < m; j++) rows[j * c + i] = Features.Values[i * m + j];
        return rows;
    }

    public override string ToString() => Key;
}
