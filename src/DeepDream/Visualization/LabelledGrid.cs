using DeepDream.Imaging;

namespace DeepDream.Visualization;

/// <summary>Equal-sized tiles in rows on white, each with its label under it: the layout of every sheet.</summary>
static class LabelledGrid
{
    /// <param name="tiles">All of the first tile's size.</param>
    /// <param name="labelHeight">The height of the strip under each tile that holds its label.</param>
    /// <param name="gap">White pixels around and between the tiles.</param>
    public static RgbImage Compose(IReadOnlyList<(string Label, RgbImage Image)> tiles, int columns, int labelHeight, int gap, LabelFont font)
    {
        var (w, h) = (tiles[0].Image.Width, tiles[0].Image.Height);
        columns = Math.Min(columns, tiles.Count);
        var rows = (tiles.Count + columns - 1) / columns;
        var sheet = new RgbImage(columns * (w + gap) + gap, rows * (h + labelHeight + gap) + gap);
        sheet.Pixels.AsSpan().Fill(255);
        for (var i = 0; i < tiles.Count; i++)
        {
            var (x, y) = (gap + i % columns * (w + gap), gap + i / columns * (h + labelHeight + gap));
            Canvas.Paste(tiles[i].Image, sheet, x, y);
            font.Draw(sheet, tiles[i].Label, x, y + h, w, labelHeight);
        }
        return sheet;
    }
}
