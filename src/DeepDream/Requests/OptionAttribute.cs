namespace DeepDream.Requests;

/// <summary>Which front ends offer an option.</summary>
[Flags]
public enum Fronts
{
    /// <summary>The command line.</summary>
    Cli = 1,

    /// <summary>The studio's form fields and API.</summary>
    Studio = 2,

    /// <summary>Every front end: an option's default.</summary>
    All = Cli | Studio,
}

/// <summary>
/// Declares a property of a request or options record as an option, once: its help, its range, its studio cap and
/// its slider. The command line's options and help, the studio's form binder, caps and API view, the OpenAPI
/// schema, the page's sliders and validation are all made from this declaration (<see cref="OptionSpec"/>);
/// the property's name gives its spellings (<see cref="OptionName"/>) and the record's constructor its default.
/// </summary>
/// <param name="description">
/// The help line, without the range or default, which are added from the rest. A switch that is on by default is
/// offered as --no-NAME: its description says what turning it off does.
/// </param>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OptionAttribute(string description) : Attribute
{
    /// <summary>The help line, without the range or default, which the front ends add from the rest.</summary>
    public string Description => description;

    /// <summary>The smallest value allowed (numbers only); NaN: the option has no range.</summary>
    public double Min { get; set; } = double.NaN;

    /// <summary>The largest value allowed; NaN: no upper limit.</summary>
    public double Max { get; set; } = double.NaN;

    /// <summary>The minimum itself is refused (a step of 0 would do nothing).</summary>
    public bool AboveMin { get; set; }

    /// <summary>Said after the numbers in messages and help ("pixels").</summary>
    public string? Unit { get; set; }

    /// <summary>The studio's lower maximum (it is a shared server); NaN: the range's own.</summary>
    public double StudioMax { get; set; } = double.NaN;

    /// <summary>The page's slider for it, narrower than the range where the useful values are (NaN: the range's ends).</summary>
    public double SliderMin { get; set; } = double.NaN;

    /// <inheritdoc cref="SliderMin"/>
    public double SliderMax { get; set; } = double.NaN;

    /// <summary>The slider's step; NaN: 1 for whole numbers.</summary>
    public double SliderStep { get; set; } = double.NaN;

    /// <summary>A short command-line alias ("-c").</summary>
    public string? Alias { get; set; }

    /// <summary>The front ends that offer the option; all unless set.</summary>
    public Fronts Fronts { get; set; } = Fronts.All;

    /// <summary>The values a text option takes, the first its default in the studio ("mp4", "webm", "gif").</summary>
    public string[]? Choices { get; set; }
}

/// <summary>
/// Marks a property that holds a whole options record whose options are this request's too (a zoom's dream
/// options): the front ends show them flat beside the request's own, the stored JSON keeps them nested.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class OptionGroupAttribute : Attribute;
