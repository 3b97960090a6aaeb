using System.Numerics;

namespace DeepDream.Dreaming;

/// <summary>
/// A lower maximum that one front end puts on an option, on top of the option's rule: the studio, a shared
/// server, allows fewer iterations than the library does. Its message says it is that front end's cap.
/// </summary>
public sealed record OptionCap<T> where T : struct, INumber<T>
{
    internal OptionCap(OptionRange<T> range, T max, string where)
    {
        // A cap the rule already enforces, or one outside the rule, would be a second copy of the rule.
        if (!range.Allows(max) || max == range.Max)
            throw new ArgumentOutOfRangeException(nameof(max), max, $"a cap on {range.Words} must lie inside its range ({range.Bounds}) and below its end");
        (Range, Max, Where) = (range, max, where);
    }

    public OptionRange<T> Range { get; }
    public T Max { get; }
    public string Where { get; }

    /// <summary>Checks only the cap: the options' Validate checks the rule itself, first, so a value outside the rule gets the rule's message.</summary>
    /// <exception cref="DeepDreamException">The value is above the cap.</exception>
    public void Check(T value)
    {
        if (value > Max)
            throw new DeepDreamException($"{Range.Words} must be at most {OptionRange<T>.Show(Max)}{Range.UnitSuffix} {Where}, not {OptionRange<T>.Show(value)}");
    }
}
