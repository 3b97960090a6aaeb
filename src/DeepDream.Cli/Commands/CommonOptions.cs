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

    /// <summary>--engine auto|ort|onednn: what runs the network (see <see cref="DeepDream.Runtime.ComputeEngine"/>).</summary>
    public static Option<DeepDream.Runtime.ComputeEngine> Engine()
    {
        var option = new Option<DeepDream.Runtime.ComputeEngine>("--engine")
        {
            Description = "what runs the network: onednn (bf16 where the CPU has it), ort (ONNX Runtime, float32), or auto (onednn where installed and able, else ort)",
            HelpName = "auto|ort|onednn",
            CustomParser = r => r.Tokens.Single().Value.ToLowerInvariant() switch
            {
                "auto" => DeepDream.Runtime.ComputeEngine.Auto,
                "ort" => DeepDream.Runtime.ComputeEngine.Ort,
                "onednn" => DeepDream.Runtime.ComputeEngine.OneDnn,
                var other => Error(r, other),
            },
        };
        return option;

        static DeepDream.Runtime.ComputeEngine Error(System.CommandLine.Parsing.ArgumentResult r, string value)
        {
            r.AddError($"--engine takes auto, ort or onednn; '{Excerpt.Of(value)}' is not one");
            return default;
        }
    }

    public static Option<bool> Json() => new("--json") { Description = "print one JSON object on stdout" };
}
