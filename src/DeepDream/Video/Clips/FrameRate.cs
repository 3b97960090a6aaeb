using System.Globalization;
using System.Numerics;

namespace DeepDream.Video.Clips;

/// <summary>A video's exact rational frame rate, as ffprobe's r_frame_rate gives it ("30000/1001").</summary>
public sealed record FrameRate(long Numerator, long Denominator)
{
    /// <summary>The rate in frames per second, as a floating-point number (29.97… for 30000/1001).</summary>
    public double Value => (double)Numerator / Denominator;

    /// <summary>"Numerator/Denominator" ("30000/1001", "25/1"): the form <see cref="Parse"/> reads and ffmpeg's rate options take.</summary>
    public override string ToString() => $"{Numerator}/{Denominator}";

    /// <summary>"30000/1001", "25/1" or "25", kept in lowest terms so equal rates compare equal.</summary>
    public static FrameRate Parse(string text) =>
        TryParse(text) ?? throw new DeepDreamException($"'{text}' is not a frame rate; give a positive one like 25 or 30000/1001");

    /// <summary>The rate, or null for anything else, including ffprobe's "0/0" for streams without one.</summary>
    internal static FrameRate? TryParse(string? text)
    {
        var parts = (text ?? "").Split('/');
        if (parts.Length > 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var numerator)) return null;
        var denominator = 1L;
        if (parts.Length == 2 && !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out denominator)) return null;
        if (numerator == 0 || denominator == 0) return null;
        var divisor = (long)BigInteger.GreatestCommonDivisor(numerator, denominator);
        return new(numerator / divisor, denominator / divisor);
    }
}
