using System.CommandLine;
using System.Numerics;
using DeepDream.Dreaming;

namespace DeepDream.Cli.Commands;

static class CommonOptions
{
    public static Option<string> Model() => new("--model", "-m")
    {
        Description = "a catalog model (resnet18) or a path to an .onnx file",
        DefaultValueFactory = _ => DeepDream.Models.ModelCatalog.DefaultModel,
    };

    /// <summary>
    /// The option for a ranged setting: named after its property, checked by its rule (a usage error, in the
    /// rule's words), its range in the help, and its default from the options record (the help shows it).
    /// </summary>
    public static Option<T> Ranged<T>(OptionRange<T> range, string description, T fallback) where T : struct, INumber<T>
    {
        var option = Checked<T, T>(range, description, range.Problem);
        option.DefaultValueFactory = _ => fallback;
        return option;
    }

    /// <summary>The same for a setting that may be left unset.</summary>
    public static Option<T?> Ranged<T>(OptionRange<T> range, string description) where T : struct, INumber<T> =>
        Checked<T?, T>(range, description, value => value is { } given ? range.Problem(given) : null);

    static Option<TValue> Checked<TValue, T>(OptionRange<T> range, string description, Func<TValue, string?> problem) where T : struct, INumber<T>
    {
        var option = new Option<TValue>(OptionName.Cli(range.Property)) { Description = $"{description} ({range.Bounds})" };
        option.Validators.Add(r => { if (problem(r.GetValueOrDefault<TValue>()) is { } message) r.AddError(message); });
        return option;
    }

    /// <summary>
    /// An option that takes one of an enum's values, written in lower case (any case accepted); the help lists
    /// them, and a wrong one gets one line (System.CommandLine's own message for a bad enum spans several).
    /// </summary>
    public static Option<T> Choice<T>(string name, string description, T fallback) where T : struct, Enum
    {
        var names = Enum.GetValues<T>().Select(v => v.ToString().ToLowerInvariant()).ToArray();
        return new Option<T>(name)
        {
            Description = description,
            HelpName = string.Join('|', names),
            DefaultValueFactory = _ => fallback,
            CustomParser = r =>
            {
                if (Enum.TryParse<T>(r.Tokens[0].Value, ignoreCase: true, out var value) && Enum.IsDefined(value)) return value;
                r.AddError($"{name} must be one of {string.Join(", ", names)}, not '{r.Tokens[0].Value}'");
                return default;
            },
        };
    }

    /// <summary>Reads one item of a list option: false if <paramref name="text"/> is not one.</summary>
    public delegate bool ItemReader<T>(string text, out T value);

    /// <summary>
    /// An option that takes a comma-separated list (or several, or the option again), each item read by <paramref name="read"/>;
    /// the first that is not one is a one-line usage error saying what was <paramref name="expected"/>.
    /// </summary>
    public static Option<T[]> List<T>(string name, string helpName, string description, string expected, ItemReader<T> read) => new(name)
    {
        Description = description,
        HelpName = helpName,
        DefaultValueFactory = _ => [],
        CustomParser = r =>
        {
            var values = new List<T>();
            foreach (var item in r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
            {
                if (!read(item, out var value))
                {
                    r.AddError($"{name} takes {expected}; '{Excerpt.Of(item)}' is not one");
                    return [];
                }
                values.Add(value);
            }
            return [.. values];
        },
    };

    public static Option<bool> Json() => new("--json") { Description = "print one JSON object on stdout" };
}
