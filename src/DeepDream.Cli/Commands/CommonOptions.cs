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

    public static Option<bool> Json() => new("--json") { Description = "print one JSON object on stdout" };
}
