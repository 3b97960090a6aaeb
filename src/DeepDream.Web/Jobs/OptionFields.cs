using System.Globalization;
using DeepDream.Dreaming;

namespace DeepDream.Web.Jobs;

/// <summary>
/// A request's option fields, each named after its option's property (octaveScale), read as text, numbers or names;
/// an empty or missing field is null, leaving the option at its default. Ranges are the options' to check.
/// </summary>
/// <param name="file">Whether the request carries a file in a field; null: it carries none (a query string).</param>
public sealed class OptionFields(Func<string, string?> field, Func<string, bool>? file = null)
{
    public string? Text(string property) => field(OptionName.Field(property)) is { Length: > 0 } text ? text : null;

    public bool HasFile(string field) => file?.Invoke(field) == true;

    public int? Int(string property) => Text(property) is not { } text ? null
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
        : throw new DeepDreamException($"{OptionName.Words(property)} must be a whole number, not '{Excerpt.Of(text)}'");

    public double? Double(string property) => Text(property) is not { } text ? null
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value
        : throw new DeepDreamException($"{OptionName.Words(property)} must be a number, not '{Excerpt.Of(text)}'");

    /// <summary>One of an enum's values, by its name in any case ("farneback" for FlowMode.Farneback).</summary>
    public T? Choice<T>(string property) where T : struct, Enum => Text(property) is not { } text ? null
        : Enum.GetValues<T>().Cast<T?>().FirstOrDefault(v => v.ToString()!.Equals(text, StringComparison.OrdinalIgnoreCase))
          ?? throw new DeepDreamException($"{OptionName.Words(property)} must be {string.Join(" or ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}, not '{Excerpt.Of(text)}'");
}
