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
        // Read first: Skia closes a stream it cannot decode.
        var head = new byte[12];
        head = head[..stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
        stream.Position = 0;
        using var codec = SKCodec.Create(stream) ?? throw Unreadable(head, name);
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if ((long)width * height > MaxPixels)
            throw new DeepDreamException($"{name} is {width}x{height} pixels, more than the {MaxPixels / 1_000_000} megapixels this program accepts; scale it down first");

        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
            throw new DeepDreamException($"{name} could not be decoded ({Describe(result)}); the file is damaged — try re-saving it");

        using var upright = Orientation.Apply(bitmap, codec.EncodedOrigin);
        using var fitted = FitWithin(upright, maxSize);
        return ToRgb(fitted);
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

    public static byte[] Encode(RgbImage image, SKEncodedImageFormat format)
    {
        using var bitmap = ToBitmap(image);
        using var data = bitmap.Encode(format, 95);
        return data.ToArray();
    }

    /// <summary>A file that starts like an image but cannot be opened is damaged; anything else is not an image.</summary>
    static DeepDreamException Unreadable(ReadOnlySpan<byte> head, string name)
    {
        var looksLikeImage = head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) || head.StartsWith((ReadOnlySpan<byte>)[137, 80, 78, 71]) || head.StartsWith("GIF8"u8)
            || head.StartsWith("BM"u8) || (head.StartsWith("RIFF"u8) && head.Length == 12 && head[8..].SequenceEqual("WEBP"u8));
        return new DeepDreamException(looksLikeImage
            ? $"{name} is damaged or truncated and cannot be decoded; re-save or re-download it"
            : $"{name} is not an image this program can read; use JPEG, PNG, WebP, BMP or GIF");
    }

    static string Describe(SKCodecResult result) => result switch
    {
        SKCodecResult.IncompleteInput or SKCodecResult.ErrorInInput => "it is truncated or corrupt",
        _ => result.ToString(),
    };

    static SKBitmap FitWithin(SKBitmap bitmap, int? maxSize)
    {
        var longer = Math.Max(bitmap.Width, bitmap.Height);
        if (maxSize is not { } limit || longer <= limit) return bitmap.Copy();
        var scale = (double)limit / longer;
        var info = new SKImageInfo(Math.Max(1, (int)Math.Round(bitmap.Width * scale)), Math.Max(1, (int)Math.Round(bitmap.Height * scale)), SKColorType.Rgba8888, SKAlphaType.Premul);
        return bitmap.Resize(info, new SKSamplingOptions(SKCubicResampler.Mitchell));
    }

    static RgbImage ToRgb(SKBitmap bitmap)
    {
        var image = new RgbImage(bitmap.Width, bitmap.Height);
        var rgba = bitmap.GetPixelSpan();
        var plane = image.PlaneSize;
        for (var i = 0; i < plane; i++)
        {
            // Flatten transparency onto white, the background such images are usually shown on
            // (the colours are premultiplied, so white shows through by 1 - alpha).
            var background = 255 - rgba[4 * i + 3];
            for (var c = 0; c < 3; c++)
                image.Pixels[c * plane + i] = rgba[4 * i + c] + background;
        }
        return image;
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
