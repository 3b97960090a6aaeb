using System.Globalization;

namespace DeepDream.Requests;

/// <summary>
/// The values one numeric option accepts: its only rule, made from its declaration. Validation checks it, the
/// command line builds its validator and help from it, and the studio adds its cap on top, so every front end
/// refuses the same value with the same words.
/// </summary>
public sealed record OptionRange
{
    /// <param name="property">The option's property name (OctaveScale); see <see cref="OptionName"/>.</param>
    /// <param name="max">Null: no upper limit.</param>
    /// <param name="aboveMin">The minimum itself is refused (a step of 0 would do nothing).</param>
    /// <param name="unit">Said after the numbers in messages and help, e.g. "pixels".</param>
    public OptionRange(string property, double min, double? max = null, bool aboveMin = false, string? unit = null)
    {
        if (max is { } top && top < min) throw new ArgumentException($"the range of {property} ends ({top}) below its start ({min})", nameof(max));
        (Property, Min, Max, AboveMin, Unit) = (property, min, max, aboveMin, unit);
    }

    /// <summary>The option's property name (OctaveScale); see <see cref="OptionName"/>.</summary>
    public string Property { get; }
    /// <summary>The smallest value allowed, or, with <see cref="AboveMin"/>, the one every value must exceed.</summary>
    public double Min { get; }
    /// <summary>The largest value allowed; null: no upper limit.</summary>
    public double? Max { get; }
    /// <summary>The minimum itself is refused (a step of 0 would do nothing).</summary>
    public bool AboveMin { get; }
    /// <summary>Said after the numbers in messages and help, e.g. "pixels"; null: nothing.</summary>
    public string? Unit { get; }

    /// <summary>How messages name the option ("octave scale").</summary>
    public string Words => OptionName.Words(Property);

    /// <summary>The accepted values in words: "between 0 and 1000", "above 1 and at most 4", "16 or more pixels".</summary>
    public string Bounds => (Max, AboveMin) switch
    {
        ({ } max, false) => $"between {Show(Min)} and {Show(max)}{UnitSuffix}",
        ({ } max, true) => $"above {Show(Min)} and at most {Show(max)}{UnitSuffix}",
        (null, false) => $"{Show(Min)} or more{UnitSuffix}",
        (null, true) => $"above {Show(Min)}{UnitSuffix}",
    };

    // Written so that NaN is refused: every comparison with it is false.
    /// <summary>Whether the value is in the range; NaN never is.</summary>
    public bool Allows(double value) => (AboveMin ? value > Min : value >= Min) && (Max is not { } max || value <= max);

    /// <summary>Null if the value is allowed, else one line that names the option and what it accepts.</summary>
    public string? Problem(double value) => Allows(value) ? null : $"{Words} must be {Bounds}, not {Show(value)}";

    /// <exception cref="DeepDreamException">The value is out of range.</exception>
    public void Check(double value)
    {
        if (Problem(value) is { } problem) throw new DeepDreamException(problem);
    }

    /// <summary>
    /// A front end's own lower maximum on top of this rule (the studio's), as a problem for values above it. A cap the
    /// rule already enforces, or one outside the rule, would be a second copy of the rule, and is refused.
    /// </summary>
    /// <param name="where">Where the cap applies, as said in its message ("in the studio").</param>
    public Func<double, string?> CappedAt(double max, string where) =>
        !Allows(max) || max == Max
            ? throw new ArgumentOutOfRangeException(nameof(max), max, $"a cap on {Words} must lie inside its range ({Bounds}) and below its end")
            : value => value > max ? $"{Words} must be at most {Show(max)}{UnitSuffix} {where}, not {Show(value)}" : null;

    string UnitSuffix => Unit is null ? "" : " " + Unit;

    /// <summary>A number as users type it, whatever this machine's culture.</summary>
    public static string Show(double value) => value.ToString(CultureInfo.InvariantCulture);
}
