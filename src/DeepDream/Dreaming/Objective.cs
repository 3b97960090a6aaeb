using System.Globalization;
using DeepDream.Graph;
using DeepDream.Runtime;

namespace DeepDream.Dreaming;

/// <summary>
/// What a dream maximizes: a weighted sum of terms on layers, composed like Lucid's objectives
/// (<c>Objective.Layer(a) + 0.5 * Objective.Channel(b, 139)</c>).
/// </summary>
public sealed class Objective : IObjective
{
    readonly IReadOnlyList<(ObjectiveTerm Term, double Weight)> terms;

    Objective(IReadOnlyList<(ObjectiveTerm, double)> terms) => this.terms = terms;

    /// <summary>The classic DeepDream objective: the mean of the squared activations of a layer.</summary>
    public static Objective Layer(string tensor) => new([(new MeanOfSquares(tensor), 1)]);

    /// <summary>The mean activation of one feature channel of a layer.</summary>
    public static Objective Channel(string tensor, int channel) => new([(new ChannelMean(tensor, channel), 1)]);

    public static Objective operator +(Objective a, Objective b) => new([.. a.terms, .. b.terms]);

    public static Objective operator *(double weight, Objective o) => new([.. o.terms.Select(t => (t.Term, t.Weight * weight))]);

    public string Key => string.Join(" + ", terms.Select(t => $"{t.Weight.ToString("R", CultureInfo.InvariantCulture)}*{t.Term}"));

    public IReadOnlyCollection<string> Tensors => terms.Select(t => t.Term.Tensor).Distinct().ToList();

    public ObjectiveNodes Emit(GraphEditor g, IReadOnlyDictionary<string, long[]> shapes)
    {
        var values = new List<string>();
        var seeds = new List<(string, string)>();
        foreach (var (term, weight) in terms)
        {
            var shape = shapes[term.Tensor];
            var (value, seed) = term.Emit(g, shape, (float)weight);
            values.Add(g.Node("Mul", [value, g.DoubleScalar(weight)]));
            seeds.Add((term.Tensor, seed));
        }
        return new(values.Count == 1 ? values[0] : g.Node("Sum", values), seeds);
    }

    public override string ToString() => Key;
}

/// <summary>One term of an objective: its float64 value and its (weighted) gradient at the tensor.</summary>
abstract record ObjectiveTerm(string Tensor)
{
    public abstract (string Value, string Gradient) Emit(GraphEditor g, long[] shape, float weight);

    protected static string MeanInDoubles(GraphEditor g, string tensor, Func<string, string> perElement) =>
        g.Node("ReduceMean", [perElement(g.Node("Cast", [tensor], Attributes.Int("to", (long)Onnx.TensorProto.Types.DataType.Double)))],
            Attributes.Int("keepdims", 0));
}

/// <summary>mean(T²); its gradient is 2T/N.</summary>
sealed record MeanOfSquares(string Tensor) : ObjectiveTerm(Tensor)
{
    public override (string, string) Emit(GraphEditor g, long[] shape, float weight) => (
        MeanInDoubles(g, Tensor, t => g.Node("Mul", [t, t])),
        g.Node("Mul", [Tensor, g.Scalar(2 * weight / DeepDream.Graph.Tensors.ElementCount(shape))]));

    public override string ToString() => $"mean({Tensor}^2)";
}

/// <summary>mean(T[:, c]); its gradient is 1/(N·H·W) on channel c and zero elsewhere.</summary>
sealed record ChannelMean(string Tensor, int Channel) : ObjectiveTerm(Tensor)
{
    public override (string, string) Emit(GraphEditor g, long[] shape, float weight)
    {
        if (Channel < 0 || Channel >= shape[1])
            throw new DeepDreamException($"channel {Channel} is out of range: this layer has channels 0 to {shape[1] - 1}");
        var slice = g.Node("Slice", [Tensor, g.Int64s(Channel), g.Int64s(Channel + 1), g.Int64s(1)]);
        var mask = new float[shape[1]];
        mask[Channel] = weight * shape[1] / DeepDream.Graph.Tensors.ElementCount(shape);
        var seed = g.Node("Expand", [g.Floats(mask, [1, shape[1], .. Enumerable.Repeat(1L, shape.Length - 2)]), g.Int64s(shape)]);
        return (MeanInDoubles(g, slice, t => t), seed);
    }

    public override string ToString() => $"mean({Tensor}[{Channel}])";
}
