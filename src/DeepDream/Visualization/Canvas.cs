using DeepDream.Imaging;

namespace DeepDream.Visualization;

static class Canvas
{
    /// <summary>A width × height image of <paramref name="fill"/> with <paramref name="inner"/> at (x, y): the adjoint of cropping that rectangle.</summary>
    public static RgbImage Embed(RgbImage inner, int width, int height, int x, int y, float fill)
    {
        var result = new RgbImage(width, height);
        result.Pixels.AsSpan().Fill(fill);
        Paste(inner, result, x, y);
        return result;
    }

    /// <summary>Copies <paramref name="tile"/> onto <paramref name="image"/> with its top left corner at (x, y).</summary>
    public static void Paste(RgbImage tile, RgbImage image, int x, int y)
    {
        for (var c = 0; c < 3; c++)
            for (var row = 0; row < tile.Height; row++)
                tile.Pixels.AsSpan((c * tile.Height + row) * tile.Width, tile.Width).CopyTo(image.Pixels.AsSpan((c * image.Height + y + row) * image.Width + x));
    }
}
