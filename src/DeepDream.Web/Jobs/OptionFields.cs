using System.Globalization;
using DeepDream.Dreaming;

namespace DeepDream.Web.Jobs;

/// <summary>
/// A request's option fields, each named after its option's property (octaveScale), read as text or numbers;
/// an empty or missing field is null, leaving the option at its default. Ranges are the options' to check.
/// </summary>
public sealed class OptionFields(Func<string, string?> field)
{
    public string? Text(string property) => field(OptionName.Field(property)) is { Length: > 0 } text ? text : null;

    public int? Int(string property) => Text(property) is not { } text ? null
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
        : throw new DeepDreamException($"{OptionName.Words(property)} must be a whole number, not '{text}'");

    public double? Double(string property) => Text(property) is not { } text ? null
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value
        : throw new DeepDreamException($"{OptionName.Words(property)} must be a number, not '{text}'");
}
