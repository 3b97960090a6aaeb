using System.Globalization;
using System.Text.RegularExpressions;
using DeepDream.Models;

namespace DeepDream.Dreaming.Objectives;

/// <summary>
/// An objective written on the command line or in the studio: layers (mean of squares) and channels
/// (their mean), weighted, added and subtracted — "mixed4c + 0.5*mixed4d_3x3_bottleneck_pre_relu[139] - layer2[7]".
/// Layer names are the model's (or its looks: edges, textures, patterns, parts, objects).
/// </summary>
public sealed partial record ObjectiveExpression(IReadOnlyList<(double Weight, string Layer, int? Channel)> Terms)
{
    const string Example = "'mixed4c + 0.5*mixed4d_3x3_bottleneck_pre_relu[139] - layer2[7]'";

    // weight? name [channel]?, each term after the first joined by + or −.
    [GeneratedRegex(@"\G\s*(?<sign>[+-])?\s*(?:(?<weight>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*\*\s*)?(?<layer>[A-Za-z_][\w./:]*)\s*(?:\[\s*(?<channel>\d+)\s*\])?\s*")]
    private static partial Regex TermPattern();

    /// <summary>
    /// Reads terms joined by + or -, each an optional weight and *, a layer name, and an optional [channel]:
    /// "mixed4c + 0.5*mixed4d_3x3_bottleneck_pre_relu[139] - layer2[7]". Layer names are checked only by <see cref="On"/>.
    /// </summary>
    /// <exception cref="DeepDreamException">The text is empty, cannot be read (the message gives the character), or holds an infinite weight or too large a channel.</exception>
    public static ObjectiveExpression Parse(string text)
    {
        var terms = new List<(double, string, int?)>();
        var position = 0;
        while (position < text.Length)
        {
            var match = TermPattern().Match(text, position);
            if (!match.Success || match.Length == 0 || (terms.Count > 0 && !match.Groups["sign"].Success))
                throw new DeepDreamException($"cannot read the objective '{Excerpt.Of(text)}' at character {position + 1}; write it like {Example}");
            var weight = match.Groups["weight"].Success ? double.Parse(match.Groups["weight"].Value, CultureInfo.InvariantCulture) : 1;
            // 1e999 reads as infinity, and one infinite weight makes every step of the dream NaN.
            if (!double.IsFinite(weight))
                throw new DeepDreamException($"the weight {Excerpt.Of(match.Groups["weight"].Value)} in the objective is too large to be a number; give weights like 0.5 or 2");
            if (match.Groups["sign"].Value == "-") weight = -weight;
            int? channel = match.Groups["channel"].Success
                ? int.TryParse(match.Groups["channel"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c
                    : throw new DeepDreamException($"channel {Excerpt.Of(match.Groups["channel"].Value)} in the objective is too large")
                : null;
            terms.Add((weight, match.Groups["layer"].Value, channel));
            position += match.Length;
        }
        if (terms.Count == 0) throw new DeepDreamException($"the objective is empty; write it like {Example}");
        return new ObjectiveExpression(terms);
    }

    /// <summary>The objective on a model's layers; an unknown layer is named.</summary>
    public Objective On(DreamModel model) => Terms
        .Select(t => t.Weight * (t.Channel is { } c ? Objective.Channel(model.Layer(t.Layer).Tensor, c) : Objective.Layer(model.Layer(t.Layer).Tensor)))
        .Aggregate((a, b) => a + b);

    /// <summary>The expression written back in the form <see cref="Parse"/> reads, weights of 1 left out.</summary>
    public override string ToString() => string.Join(" ", Terms.Select((t, i) =>
        $"{(i == 0 ? (t.Weight < 0 ? "-" : "") : t.Weight < 0 ? "- " : "+ ")}{(Math.Abs(t.Weight) == 1 ? "" : Math.Abs(t.Weight).ToString(CultureInfo.InvariantCulture) + "*")}{t.Layer}{(t.Channel is { } c ? $"[{c}]" : "")}"));
}
