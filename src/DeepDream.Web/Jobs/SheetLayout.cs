using DeepDream.Visualization;

namespace DeepDream.Web.Jobs;

/// <summary>One channel's tile on a sheet, in the sheet's pixels: what the page turns into a button.</summary>
public sealed record SheetTile(int Channel, int X, int Y, int Width, int Height);

/// <summary>
/// Where each channel's tile lies on a sheet that <see cref="ChannelSheet"/> drew. ChannelSheet does not say,
/// so this repeats its layout (tiles in rows on white, a gap around each and a label strip under it, at least
/// eight columns, more for big sheets) and checks it against the sheet's size, so a change there fails loudly
/// instead of sending clicks to the wrong channel.
/// </summary>
static class SheetLayout
{
    const int Gap = 2;

    /// <param name="size">The side of each tile.</param>
    public static IReadOnlyList<SheetTile> Tiles(ChannelRange channels, int size, int width, int height)
    {
        var columns = Math.Min(Math.Max(8, (int)Math.Ceiling(Math.Sqrt(channels.Count))), channels.Count);
        var rows = (channels.Count + columns - 1) / columns;
        var label = Math.Max(12, size / 8);
        if ((columns * (size + Gap) + Gap, rows * (size + label + Gap) + Gap) != (width, height))
            throw new InvalidOperationException($"a sheet of {channels.Count} tiles of {size} pixels is {width}x{height}, not laid out as the studio's SheetLayout expects");
        return channels.Channels.Select((channel, i) => new SheetTile(channel, Gap + i % columns * (size + Gap), Gap + i / columns * (size + label + Gap), size, size)).ToList();
    }
}
