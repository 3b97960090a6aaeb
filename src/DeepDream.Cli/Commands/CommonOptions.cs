using System.CommandLine;

namespace DeepDream.Cli.Commands;

static class CommonOptions
{
    public static Option<string> Model() => new("--model", "-m")
    {
        Description = "a catalog model (resnet18) or a path to an .onnx file",
        DefaultValueFactory = _ => DeepDream.Models.ModelCatalog.DefaultModel,
    };

    /// <summary>An option with a default value (the help shows it).</summary>
    public static Option<T> WithDefault<T>(string name, string description, T value) =>
        new(name) { Description = description, DefaultValueFactory = _ => value };

    public static Option<bool> Json() => new("--json") { Description = "print one JSON object on stdout" };
}
