namespace DeepDream.Dreaming.Objectives;

/// <summary>One feature channel's mean, mean(T[:, c]).</summary>
internal sealed record ChannelTerm(string Tensor, int Channel) : ObjectiveTerm(Tensor)
{
    public override string Value(TermGraph g, string layer, long[] shape)
    {
        CheckChannel(Channel, shape);
        return g.Mean(g.Node("Slice", [layer, g.Int64s(Channel), g.Int64s(Channel + 1), g.Int64s(1)]));
    }

    public override string ToString() => $"mean({Tensor}[{Channel}])";
}
