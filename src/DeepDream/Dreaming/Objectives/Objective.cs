using System.Globalization;
using DeepDream.Graph;
using DeepDream.Runtime;

namespace DeepDream.Dreaming.Objectives;

/// <summary>
/// What a dream maximizes: a weighted sum of terms on layers, composed like Lucid's objectives
/// (<c>Objective.Layer(a) + 0.5 * Objective.Channel(b, 139) - Objective.Channel(c, 7)</c>).
/// A new kind of term is one small <see cref="ObjectiveTerm"/>.
/// </summary>
public sealed class Objective : IObjective
{
    Objective(IReadOnlyList<(ObjectiveTerm, double)> terms) => Terms = terms;

    internal IReadOnlyList<(ObjectiveTerm Term, double Weight)> Terms { get; }

    internal static Objective Of(ObjectiveTerm term) => new([(term, 1)]);

    /// <summary>The classic DeepDream objective: the mean of the squared activations of a layer.</summary>
    public static Objective Layer(string tensor) => Of(new LayerTerm(tensor));

    /// <summary>The mean activation of one feature channel of a layer.</summary>
    public static Objective Channel(string tensor, int channel) => Of(new ChannelTerm(tensor, channel));

    public static Objective operator +(Objective a, Objective b) => new([.. a.Terms, .. b.Terms]);

    public static Objective operator -(Objective a, Objective b) => a + -1 * b;

    public static Objective operator -(Objective o) => -1 * o;

    public static Objective operator *(double weight, Objective o) => new([.. o.Terms.Select(t => (t.Term, t.Weight * weight))]);

    public string Key => string.Join(" + ", Terms.Select(t => $"{t.Weight.ToString("R", CultureInfo.InvariantCulture)}*{t.Term.Key}"));

    public IReadOnlyCollection<string> Tensors => Terms.Select(t => t.Term.Tensor).Distinct().ToList();

    /// <summary>
    /// Each term's value twice: in doubles, weighted and summed into the objective's value, and in floats, seeded with
    /// its weight, for the autodiff to carry back through the term's graph into the network.
    /// </summary>
    ObjectiveNodes IObjective.Emit(GraphEditor g, IReadOnlyDictionary<string, long[]> shapes)
    {
        var values = new List<string>();
        var seeds = new List<(string, string)>();
        foreach (var (term, weight) in Terms)
        {
            var shape = shapes[term.Tensor];
            var inDoubles = g.Node("Cast", [term.Tensor], Attributes.Int("to", (long)Onnx.TensorProto.Types.DataType.Double));
            values.Add(g.Node("Mul", [term.Value(new TermGraph(g, Doubles: true), inDoubles, shape), g.DoubleScalar(weight)]));
            seeds.Add((term.Value(new TermGraph(g, Doubles: false), term.Tensor, shape), g.Scalar((float)weight)));
        }
        return new(values.Count == 1 ? values[0] : g.Node("Sum", values), seeds);
    }

    public override string ToString() => Key;
}
