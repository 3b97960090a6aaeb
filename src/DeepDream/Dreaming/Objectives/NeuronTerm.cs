namespace DeepDream.Dreaming.Objectives;

/// <summary>
/// Lucid's neuron: one channel's unit at the centre of the layer, T[0, c, H/2, W/2] — what a single
/// unit responds to, where a channel objective shows the pattern it finds everywhere.
/// </summary>
internal sealed record NeuronTerm(string Tensor, int Channel) : ObjectiveTerm(Tensor)
{
    public override string Value(TermGraph g, string layer, long[] shape)
    {
        CheckChannel(Channel, shape);
        if (shape.Length != 4) throw new DeepDreamException($"a neuron needs a spatial layer; {Tensor} has no height and width");
        var (y, x) = (shape[2] / 2, shape[3] / 2);
        return g.Mean(g.Node("Slice", [layer, g.Int64s(Channel, y, x), g.Int64s(Channel + 1, y + 1, x + 1), g.Int64s(1, 2, 3)]));
    }

    public override string ToString() => $"{Tensor}[{Channel}, centre]";
}
