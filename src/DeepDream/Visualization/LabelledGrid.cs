using DeepDream.Imaging;

namespace DeepDream.Visualization;

/// <summary>Where a tile lies on a sheet, in the sheet's pixels (its label strip excluded): what a page turns into a button.</summary>
public sealed record GridTile(int X, int Y, int Width, int Height);

/// <summary>Equal-sized tiles in rows on white, each with its label under it: the layout of every sheet.</summary>
static class LabelledGrid
{
    /// <param name="tiles">All of the first tile's size.</param>
    /// <param name="labelHeight">The height of the strip under each tile that holds its label.</param>
    /// <param name="gap">White pixels around and between the tiles.</param>
    /// <returns>The sheet, and where each tile went on it.</returns>
    public static (RgbImage Sheet, IReadOnlyList<GridTile> Tiles) Compose(IReadOnlyList<(string Label, RgbImage Image)> tiles, int columns, int labelHeight, int gap, LabelFont font)
    {
        var (w, h) = (tiles[0].Image.Width, tiles[0].Image.Height);
        columns = Math.Min(columns, tiles.Count);
        var rows = (tiles.Count + columns - 1) / columns;
        var sheet = new RgbImage(columns * (w + gap) + gap, rows * (h + labelHeight + gap) + gap);
        sheet.Pixels.AsSpan().Fill(255);
        var placed = new List<GridTile>(tiles.Count);
        for (var i = 0; i < tiles.Count; i++)
        {
            var (x, y) = (gap + i % columns * (w + gap), gap + i / columns * (h + labelHeight + gap));
            Canvas.Paste(tiles[i].Image, sheet, x, y);
            font.Draw(sheet, tiles[i].Label, x, y + h, w, labelHeight);
            placed.Add(new GridTile(x, y, w, h));
        }
        return (sheet, placed);
    }
}
