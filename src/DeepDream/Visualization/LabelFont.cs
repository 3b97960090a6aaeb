using DeepDream.Imaging;
using SkiaSharp;

namespace DeepDream.Visualization;

/// <summary>
/// Writes short labels (channel numbers) onto an image with SkiaSharp. SkiaSharp's Linux build without
/// fontconfig has no default typeface, so a TrueType font is taken from the system's font folders.
/// </summary>
sealed class LabelFont : IDisposable
{
    static readonly string[] Preferred = ["DejaVuSans.ttf", "LiberationSans-Regular.ttf", "NotoSans-Regular.ttf", "FreeSans.ttf", "Arial.ttf", "arial.ttf"];

    readonly SKTypeface typeface;

    LabelFont(SKTypeface typeface) => this.typeface = typeface;

    /// <exception cref="DeepDreamException">No font is installed.</exception>
    public static LabelFont Find()
    {
        if (SKTypeface.Default.GlyphCount > 0) return new LabelFont(SKTypeface.Default);
        var files = Folders().Where(Directory.Exists)
            .SelectMany(f => Directory.EnumerateFiles(f, "*.ttf", SearchOption.AllDirectories))
            .OrderBy(f => Array.IndexOf(Preferred, Path.GetFileName(f)) is var i && i >= 0 ? i : Preferred.Length)
            .ThenBy(f => f, StringComparer.Ordinal);
        foreach (var file in files)
            if (SKTypeface.FromFile(file) is { GlyphCount: > 0 } typeface) return new LabelFont(typeface);
        throw new DeepDreamException("no TrueType font found for the sheet's labels (looked in /usr/share/fonts and the user's font folders); install one, e.g. sudo apt-get install fonts-dejavu-core");
    }

    static IEnumerable<string> Folders()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return ["/usr/share/fonts", "/usr/local/share/fonts", Path.Combine(home, ".local/share/fonts"), Path.Combine(home, ".fonts"),
            "/System/Library/Fonts", "/Library/Fonts", Environment.GetFolderPath(Environment.SpecialFolder.Fonts)];
    }

    /// <summary>Dark text centred in the rectangle (x, y, width, height) of the image, on white.</summary>
    public void Draw(RgbImage image, string text, int x, int y, int width, int height)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(bitmap))
        using (var font = new SKFont(typeface, height * 0.75f))
        using (var paint = new SKPaint { Color = new SKColor(32, 32, 32), IsAntialias = true })
        {
            canvas.Clear(SKColors.White);
            font.MeasureText(text, out var bounds);
            canvas.DrawText(text, width / 2f, (height - bounds.Height) / 2 - bounds.Top, SKTextAlign.Center, font, paint);
        }
        var rgba = bitmap.GetPixelSpan();
        for (var c = 0; c < 3; c++)
            for (var row = 0; row < height; row++)
                for (var column = 0; column < width; column++)
                    image.Pixels[(c * image.Height + y + row) * image.Width + x + column] = rgba[4 * (row * width + column) + c];
    }

    public void Dispose() => typeface.Dispose();
}
