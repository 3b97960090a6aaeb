using DeepDream.Graph;

namespace DeepDream.Dreaming.Objectives;

/// <summary>One feature channel's mean, mean(T[:, c]); its gradient is 1/(N·H·W) on channel c and zero elsewhere.</summary>
public sealed record ChannelTerm(string Tensor, int Channel) : ObjectiveTerm(Tensor)
{
    public override (string, string) Emit(GraphEditor g, long[] shape, float weight)
    {
        CheckChannel(Channel, shape);
        var slice = g.Node("Slice", [Tensor, g.Int64s(Channel), g.Int64s(Channel + 1), g.Int64s(1)]);
        var mask = new float[shape[1]];
        mask[Channel] = weight * shape[1] / Tensors.ElementCount(shape);
        var seed = g.Node("Expand", [g.Floats(mask, [1, shape[1], .. Enumerable.Repeat(1L, shape.Length - 2)]), g.Int64s(shape)]);
        return (MeanInDoubles(g, slice, t => t), seed);
    }

    public override string ToString() => $"mean({Tensor}[{Channel}])";
}
