using System.CommandLine;

namespace DeepDream.Cli.Commands;

static class CommonOptions
{
    /// <summary>An environment variable's value, or null where it is unset or empty: where a service's secrets come from.</summary>
    public static string? FromEnvironment(string variable) => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : null;

    public static Option<string> Model() => new("--model", "-m")
    {
        Description = "a catalog model (resnet18) or a path to an .onnx file",
        DefaultValueFactory = _ => DeepDream.Models.ModelCatalog.DefaultModel,
    };

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
