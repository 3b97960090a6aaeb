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

    /// <summary>Lucid's neuron: one channel's unit at the centre of the layer, what a single unit responds to.</summary>
    public static Objective Neuron(string tensor, int channel) => Of(new NeuronTerm(tensor, channel));

    /// <summary>Both objectives' terms together, each with its own weight: the dream raises their sum.</summary>
    public static Objective operator +(Objective a, Objective b) => new([.. a.Terms, .. b.Terms]);

    /// <summary>The first objective's terms plus the second's with their weights negated: the dream raises a and lowers b.</summary>
    public static Objective operator -(Objective a, Objective b) => a + -1 * b;

    /// <summary>The objective with every weight negated: the dream lowers what it raised.</summary>
    public static Objective operator -(Objective o) => -1 * o;

    /// <summary>The objective with every term's weight multiplied by <paramref name="weight"/>.</summary>
    public static Objective operator *(double weight, Objective o) => new([.. o.Terms.Select(t => (t.Term, t.Weight * weight))]);

    /// <summary>Identifies the objective for session caching: each term's weight (round-trip precision) and key, joined by " + ".</summary>
    public string Key => string.Join(" + ", Terms.Select(t => $"{t.Weight.ToString("R", CultureInfo.InvariantCulture)}*{t.Term.Key}"));

    /// <summary>The network tensors the terms read, each once.</summary>
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

    /// <summary>The objective's <see cref="Key"/>.</summary>
    public override string ToString() => Key;
}
