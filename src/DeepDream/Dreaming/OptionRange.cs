using System.Globalization;
using System.Numerics;

namespace DeepDream.Dreaming;

/// <summary>
/// The values one option accepts: its only rule. The options record's Validate checks it, the command line
/// builds its validator and help from it, and the studio adds its caps on top, so every front end refuses
/// the same value with the same words.
/// </summary>
public sealed record OptionRange<T> where T : struct, INumber<T>
{
    /// <param name="property">The option's property name (OctaveScale); see <see cref="OptionName"/>.</param>
    /// <param name="max">Null: no upper limit.</param>
    /// <param name="aboveMin">The minimum itself is refused (a step of 0 would do nothing).</param>
    /// <param name="unit">Said after the numbers in messages and help, e.g. "pixels".</param>
    public OptionRange(string property, T min, T? max = null, bool aboveMin = false, string? unit = null)
    {
        if (max is { } top && top < min) throw new ArgumentException($"the range of {property} ends ({top}) below its start ({min})", nameof(max));
        (Property, Min, Max, AboveMin, Unit) = (property, min, max, aboveMin, unit);
    }

    public string Property { get; init; }
    public T Min { get; }
    public T? Max { get; }
    public bool AboveMin { get; }
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
    public bool Allows(T value) => (AboveMin ? value > Min : value >= Min) && (Max is not { } max || value <= max);

    /// <summary>Null if the value is allowed, else one line that names the option and what it accepts.</summary>
    public string? Problem(T value) => Allows(value) ? null : $"{Words} must be {Bounds}, not {Show(value)}";

    /// <exception cref="DeepDreamException">The value is out of range.</exception>
    public void Check(T value)
    {
        if (Problem(value) is { } problem) throw new DeepDreamException(problem);
    }

    /// <summary>A front end's own lower maximum on top of this rule.</summary>
    /// <param name="where">Where the cap applies, as said in its message ("in the studio").</param>
    public OptionCap<T> CappedAt(T max, string where) => new(this, max, where);

    internal string UnitSuffix => Unit is null ? "" : " " + Unit;

    /// <summary>A number as users type it, whatever this machine's culture.</summary>
    internal static string Show(T value) => value.ToString(null, CultureInfo.InvariantCulture);
}
