using SkiaSharp;

namespace DeepDream.Imaging;

/// <summary>
/// Reads and writes image files through SkiaSharp (the decoders Chrome uses): JPEG, PNG, WebP, BMP
/// and GIF (first frame) in; PNG, JPEG and WebP out, chosen by extension.
/// </summary>
public static class ImageFile
{
    /// <summary>Refuses images whose header claims more pixels than this, before decoding a byte of them.</summary>
    public const long MaxPixels = 64_000_000;

    static readonly Dictionary<string, SKEncodedImageFormat> Writable = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = SKEncodedImageFormat.Png,
        [".jpg"] = SKEncodedImageFormat.Jpeg,
        [".jpeg"] = SKEncodedImageFormat.Jpeg,
        [".webp"] = SKEncodedImageFormat.Webp,
    };

    /// <summary>Decodes an image upright (EXIF orientation applied), transparency flattened onto white.</summary>
    /// <param name="maxSize">If set, larger images are scaled down (high quality) so the longer side fits.</param>
    /// <param name="name">How messages call the file (default: its path in quotes; a server says "the upload").</param>
    public static RgbImage Read(string path, int? maxSize = null, string? name = null)
    {
        name ??= $"'{path}'";
        if (!File.Exists(path)) throw new DeepDreamException($"input image '{path}' does not exist; check the path");
        using var stream = File.OpenRead(path);
        return Read(stream, name, maxSize);
    }

    /// <summary>Decodes an image from a seekable stream (a server's stored file), as <see cref="Read(string, int?, string?)"/> does a file.</summary>
    /// <param name="name">How messages call it.</param>
    public static RgbImage Read(Stream stream, string name, int? maxSize = null)
    {
        using var decoder = ImageDecoder.Open(stream, name, maxSize);
        return decoder.Decode();
    }

    /// <summary>Checks that a path can take an image before any work is done for it.</summary>
    public static void CheckWritable(string path)
    {
        if (!Writable.ContainsKey(Path.GetExtension(path)))
            throw new DeepDreamException($"cannot write '{path}': the extension must be .png, .jpg or .webp");
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(folder))
            throw new DeepDreamException($"output folder '{folder}' does not exist; create it first");
    }

    /// <summary>Encodes by extension; PNGs carry the text entries. Writes a temporary file and renames it, so OUTPUT is never half-written.</summary>
    public static void Write(RgbImage image, string path, IReadOnlyDictionary<string, string>? text = null)
    {
        CheckWritable(path);
        var bytes = Encode(image, Writable[Path.GetExtension(path)]);
        if (text is { Count: > 0 } && Writable[Path.GetExtension(path)] == SKEncodedImageFormat.Png)
            bytes = PngText.Insert(bytes, text);
        AtomicFile.Write(path, bytes);
    }

    /// <summary>Encodes an image in memory as PNG, JPEG or WebP (quality 95 for the lossy ones), values rounded and clamped to 0..255.</summary>
    public static byte[] Encode(RgbImage image, SKEncodedImageFormat format)
    {
        using var bitmap = ToBitmap(image);
        using var data = bitmap.Encode(format, 95);
        return data.ToArray();
    }

    static SKBitmap ToBitmap(RgbImage image)
    {
        var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var rgba = bitmap.GetPixelSpan();
        var plane = image.PlaneSize;
        for (var i = 0; i < plane; i++)
        {
            for (var c = 0; c < 3; c++)
                rgba[4 * i + c] = (byte)Math.Clamp(MathF.Round(image.Pixels[c * plane + i]), 0, 255);
            rgba[4 * i + 3] = 255;
        }
        return bitmap;
    }
}
