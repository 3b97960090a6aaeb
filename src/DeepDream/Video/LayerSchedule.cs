using System.Globalization;

namespace DeepDream.Video;

/// <summary>
/// Layers along a video, written "mixed4c:20,mixed4d:20,mixed5a": each layer for its number of
/// frames, the last one (without a count) to the end; when all have counts, the list repeats.
/// Each change cross-fades the objectives over a few frames.
/// </summary>
public sealed record LayerSchedule(IReadOnlyList<(string Layer, int? Frames)> Entries)
{
    /// <summary>Frames over which one layer's objective fades into the next.</summary>
    public const int FadeFrames = 4;

    /// <summary>Reads a schedule as users write it ("mixed4c:20,mixed4d:20,mixed5a"); its layer names are not checked here, only against the model as frames render.</summary>
    /// <exception cref="DeepDreamException">Not a schedule: an empty name, a count that is not a whole number above 0, or a layer without a count before the last.</exception>
    public static LayerSchedule Parse(string text)
    {
        var entries = new List<(string, int?)>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split(':', StringSplitOptions.TrimEntries);
            if (pieces[0].Length == 0 || pieces.Length > 2)
                throw new DeepDreamException($"cannot read layer schedule '{text}'; write it like 'layer3:20,layer4.0:20,layer4'");
            int? frames = null;
            if (pieces.Length == 2)
                frames = int.TryParse(pieces[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n
                    : throw new DeepDreamException($"'{pieces[1]}' in the layer schedule is not a frame count; use a whole number above 0");
            entries.Add((pieces[0], frames));
        }
        if (entries.SkipLast(1).Any(e => e.Item2 is null))
            throw new DeepDreamException($"in layer schedule '{text}' only the last layer may go without a frame count");
        return new LayerSchedule(entries);
    }

    /// <summary>The layers of a 1-based frame, with their weights (one layer, or two while fading).</summary>
    public IReadOnlyList<(string Layer, double Weight)> At(int frame)
    {
        var (index, offset) = Locate(frame - 1);
        var current = Entries[index].Layer;
        if (frame - 1 < (Entries[0].Frames ?? int.MaxValue) || offset >= FadeFrames) return [(current, 1)];
        var previous = Entries[(index - 1 + Entries.Count) % Entries.Count].Layer;
        var weight = (offset + 1.0) / (FadeFrames + 1);
        return previous == current ? [(current, 1)] : [(previous, 1 - weight), (current, weight)];
    }

    /// <summary>The entry a 0-based frame falls in, and how far into it.</summary>
    (int Index, int Offset) Locate(int frame)
    {
        var cycle = Entries.All(e => e.Frames is not null) ? Entries.Sum(e => e.Frames!.Value) : int.MaxValue;
        var position = frame % cycle;
        for (var i = 0; i < Entries.Count; i++)
        {
            var length = Entries[i].Frames ?? int.MaxValue;
            if (position < length) return (i, position);
            position -= length;
        }
        throw new InvalidOperationException("unreachable: the schedule covers every frame");
    }

    /// <summary>The schedule as <see cref="Parse"/> reads it back ("mixed4c:20,mixed5a").</summary>
    public override string ToString() => string.Join(",", Entries.Select(e => e.Frames is { } f ? $"{e.Layer}:{f}" : e.Layer));
}
