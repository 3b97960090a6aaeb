using System.Security.Cryptography;
using System.Runtime.InteropServices;
using DeepDream.Graph;
using DeepDream.Runtime;

namespace DeepDream.Dreaming.Objectives;

/// <summary>
/// Caffe's guided dream (objective_guide): at each position of the layer, follow the guide image's
/// feature vector that matches it best (the largest dot product). Its value is the mean of those best
/// dot products, whose gradient at a position is exactly that guide feature, over the position count.
/// </summary>
/// <param name="Features">The guide's activations at the layer, channels × guide positions (C × M).</param>
internal sealed record GuideTerm(string Tensor, LayerActivations Features) : ObjectiveTerm(Tensor)
{
    /// <summary>The guide's features are part of the graph: sessions built for another guide must not be reused.</summary>
    public override string Key => $"guide({Tensor}, {Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(Features.Values.AsSpan())))[..16]})";

    public override string Value(TermGraph g, string layer, long[] shape)
    {
        var (channels, guides) = (Features.Channels, Features.Positions);
        if (shape.Length != 4 || shape[1] != channels)
            throw new DeepDreamException($"the guide's features have {channels} channels, layer {Tensor} has {(shape.Length > 1 ? shape[1] : 0)}");
        // x: positions × C; y: C × M. x·y holds every position's dot product with every guide feature.
        var x = g.Node("Transpose", [g.Node("Reshape", [layer, g.Int64s(channels, shape[2] * shape[3])])], Attributes.Ints("perm", [1L, 0]));
        var dots = g.Node("MatMul", [x, g.Constant(Features.Values, channels, guides)]);
        return g.Mean(g.Node("ReduceMax", [dots], Attributes.Ints("axes", [1L]), Attributes.Int("keepdims", 0)));
    }

    public override string ToString() => Key;
}
