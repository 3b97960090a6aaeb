using System.Globalization;

namespace DeepDream.Visualization;

/// <summary>Channels First..Last of a layer, inclusive, as a user writes them: "0-63", or "7" for one.</summary>
public sealed record ChannelRange(int First, int Last)
{
    /// <summary>More would make a sheet of thousands of tiles and hours of work; the widest layers have about 1000 channels.</summary>
    public const int MaxCount = 1024;

    /// <summary>How many channels the range holds, both ends included.</summary>
    public int Count => Last - First + 1;

    /// <summary>The channel numbers, <see cref="First"/> to <see cref="Last"/> in order.</summary>
    public IEnumerable<int> Channels => Enumerable.Range(First, Count);

    /// <exception cref="DeepDreamException">Not a range of channel numbers.</exception>
    public static ChannelRange Parse(string text)
    {
        var parts = text.Split('-');
        if (parts.Length is < 1 or > 2 || !parts.All(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            throw new DeepDreamException($"channels must be a range like 0-63 (or one channel number), not '{text}'");
        var range = new ChannelRange(int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[^1], CultureInfo.InvariantCulture));
        if (range.Last < range.First) throw new DeepDreamException($"channels {text} end before they start; write the lower number first");
        if (range.Count > MaxCount) throw new DeepDreamException($"channels {text} are {range.Count} channels; a sheet takes at most {MaxCount}");
        return range;
    }

    /// <summary>The range as users write it and <see cref="Parse"/> reads it: "0-63", or "7" for one channel.</summary>
    public override string ToString() => First == Last ? $"{First}" : $"{First}-{Last}";
}
