using System.Globalization;
using System.Reflection;

namespace DeepDream.Requests;

/// <summary>
/// One declared option as the front ends use it: where it sits in its request (a zoom's iterations are in its dream
/// options), its type, default, range and studio cap, and how it reads from text and shows as text.
/// </summary>
public sealed class OptionSpec
{
    const string InTheStudio = "in the studio";
    static readonly NullabilityInfoContext Nullability = new();

    readonly IReadOnlyList<PropertyInfo> path;
    readonly Func<double, string?>? studioCap;

    internal OptionSpec(IReadOnlyList<PropertyInfo> path, OptionAttribute declared, object defaults)
    {
        this.path = path;
        Declared = declared;
        Type = Nullable.GetUnderlyingType(Property.PropertyType) ?? Property.PropertyType;
        Optional = Nullable.GetUnderlyingType(Property.PropertyType) is not null
            || (!Property.PropertyType.IsValueType && Nullability.Create(Property).WriteState == NullabilityState.Nullable);
        Default = Get(defaults);
        DefaultText = (Parent(defaults) as IOptions)?.DefaultText(Name) ?? (Default is null ? null : Show(Default));
        if (IsNumber && !double.IsNaN(declared.Min))
            Range = new OptionRange(Name, declared.Min, double.IsNaN(declared.Max) ? null : declared.Max, declared.AboveMin, declared.Unit);
        if (Range is not null && !double.IsNaN(declared.StudioMax)) studioCap = Range.CappedAt(declared.StudioMax, InTheStudio);
    }

    /// <summary>The property the option is declared on: in its group's record, for a group's option.</summary>
    public PropertyInfo Property => path[^1];

    /// <summary>It is one of an option group's (a zoom's dream options), not the request's own.</summary>
    public bool InGroup => path.Count > 1;

    /// <summary>The property's name, which gives the option its spellings (<see cref="OptionName"/>).</summary>
    public string Name => Property.Name;

    /// <summary>Its declaration: help, range, studio cap, slider, front ends and choices.</summary>
    public OptionAttribute Declared { get; }

    /// <summary>The value's type, without its nullability.</summary>
    public Type Type { get; }

    /// <summary>It may be left unset (null).</summary>
    public bool Optional { get; }

    /// <summary>Its value in a new request: what a front end uses when it is not given.</summary>
    public object? Default { get; }

    /// <summary>The default as the help says it; null: there is none.</summary>
    public string? DefaultText { get; }

    /// <summary>A number's rule; null for other options.</summary>
    public OptionRange? Range { get; }

    /// <summary>It is an int or a double (nullable or not), the only options that may have a <see cref="Range"/>.</summary>
    public bool IsNumber => Type == typeof(int) || Type == typeof(double);

    /// <summary>The largest value the studio takes: its cap, or the range's end.</summary>
    public double? StudioMax => double.IsNaN(Declared.StudioMax) ? Range?.Max : Declared.StudioMax;

    /// <summary>The names an enum or text option takes, in lower case; null for any value.</summary>
    public IReadOnlyList<string>? Choices => Type.IsEnum ? Enum.GetNames(Type).Select(n => n.ToLowerInvariant()).ToArray() : Declared.Choices;

    /// <summary>Its value in a request, read from the group it belongs to if it is a group's.</summary>
    public object? Get(object request) => Property.GetValue(Parent(request));

    /// <summary>Sets it in a request being built (a new one, whose groups are its own).</summary>
    public void Set(object request, object? value) => Property.SetValue(Parent(request), value);

    /// <summary>Null if the value is allowed by its declaration, else one line naming the option and what it takes.</summary>
    public string? Problem(object? value) => value switch
    {
        null => null,
        _ when Range is not null => Range.Problem(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
        string text when Declared.Choices is { } choices && !choices.Contains(text) => NotOneOf(text),
        _ => null,
    };

    /// <summary>The studio's cap (<see cref="OptionAttribute.StudioMax"/>), checked after the rule.</summary>
    public string? StudioProblem(object? value) =>
        value is null || studioCap is null ? null : studioCap(Convert.ToDouble(value, CultureInfo.InvariantCulture));

    /// <summary>Reads the option from text (a form field): a number, a choice in any case, a type's own Parse; a wrong one is one line.</summary>
    /// <exception cref="DeepDreamException">The text is not a value of the option's type.</exception>
    public object Parse(string text)
    {
        if (Type == typeof(int))
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole) ? whole
                : throw new DeepDreamException($"{Words} must be a whole number, not '{Excerpt.Of(text)}'");
        if (Type == typeof(double))
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? number
                : throw new DeepDreamException($"{Words} must be a number, not '{Excerpt.Of(text)}'");
        if (Type == typeof(bool))
            return bool.TryParse(text, out var flag) ? flag : throw new DeepDreamException($"{Words} must be true or false, not '{Excerpt.Of(text)}'");
        if (Type.IsEnum)
            return Enum.GetValues(Type).Cast<object>().FirstOrDefault(v => v.ToString()!.Equals(text, StringComparison.OrdinalIgnoreCase))
                ?? throw new DeepDreamException(NotOneOf(text));
        if (Type == typeof(string)) return Declared.Choices is null ? text : text.ToLowerInvariant();
        if (Type == typeof(IReadOnlyList<string>)) return text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        // A value type of its own (a layer schedule) reads itself, with its own message.
        var parse = Type.GetMethod("Parse", BindingFlags.Public | BindingFlags.Static, [typeof(string)])
            ?? throw new InvalidOperationException($"option {Name} is a {Type.Name}, which has no static Parse(string)");
        try { return parse.Invoke(null, [text])!; }
        catch (TargetInvocationException e) when (e.InnerException is DeepDreamException inner) { throw inner; }
    }

    /// <summary>A value as users write it: invariant numbers, lower-case names.</summary>
    public static string Show(object value) => value switch
    {
        Enum name => name.ToString().ToLowerInvariant(),
        bool flag => flag ? "true" : "false",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable<string> list => string.Join(',', list),
        _ => value.ToString()!,
    };

    /// <summary>How messages name it ("octave scale").</summary>
    public string Words => OptionName.Words(Name);

    string NotOneOf(string text) => Type.IsEnum
        ? $"{Words} must be {string.Join(" or ", Choices!)}, not '{Excerpt.Of(text)}'"
        : $"{Words} must be one of {string.Join(", ", Choices!)}, not '{Excerpt.Of(text)}'";

    object Parent(object request) => path.SkipLast(1).Aggregate(request, (record, group) => group.GetValue(record)!);
}
