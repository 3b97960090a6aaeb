using SkiaSharp;

namespace DeepDream.Imaging;

/// <summary>
/// An image whose header is read and checked, its pixels not yet decoded: it knows how it will decode for the size
/// asked and how many pixels that holds (<see cref="Pixels"/>), so that a server can wait for room before it starts.
/// An image scaled down holds little of itself: a JPEG or WebP decodes at the smallest of the scales 1/8 to 7/8 that
/// still covers the size asked, and a PNG of more than 16 megapixels a band of rows at a time, each band averaged down
/// by a whole factor as it comes; the (Mitchell) resize to the size asked follows. An image kept at its size decodes as
/// it always did, into one bitmap with no copy.
/// </summary>
public sealed class ImageDecoder : IDisposable
{
    /// <summary>
    /// The pixels of one band of a PNG: a quarter of the largest image. Skia's PNG decoder has no scanline decoding, and
    /// decodes a band of rows by reading the file again from its start, so four bands of a 64-megapixel PNG take about
    /// 1.5 times as long as one whole decode (measured) in a quarter of the memory.
    /// </summary>
    const long BandPixels = ImageFile.MaxPixels / 4;

    readonly SKCodec codec;
    readonly string name;
    readonly SKSizeI decoded;
    readonly int factor;
    readonly int bandRows;
    readonly SKSizeI result;
    readonly SKSize extent;

    ImageDecoder(SKCodec codec, string name, int? maxSize)
    {
        (this.codec, this.name) = (codec, name);
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if ((long)width * height > ImageFile.MaxPixels)
            throw new DeepDreamException($"{name} is {width}x{height} pixels, more than the {ImageFile.MaxPixels / 1_000_000} megapixels this program accepts; scale it down first");

        var swaps = Orientation.Swaps(codec.EncodedOrigin);
        var upright = swaps ? new SKSizeI(height, width) : new SKSizeI(width, height);
        var longer = Math.Max(width, height);
        if (maxSize is not { } limit || longer <= limit) (result, decoded, factor) = (upright, codec.Info.Size, 1);
        else
        {
            var scale = (double)limit / longer;
            result = new SKSizeI(Math.Max(1, (int)Math.Round(upright.Width * scale)), Math.Max(1, (int)Math.Round(upright.Height * scale)));
            decoded = Covering(codec, limit);
            // A PNG within one band decodes whole: in no more memory, and faster.
            factor = codec.EncodedFormat == SKEncodedImageFormat.Png && Area(decoded) > BandPixels ? Math.Min(longer / limit, BoxReduction.MaxFactor) : 1;
        }
        bandRows = factor > 1 ? (int)Math.Clamp(BandPixels / width, 1, height) : decoded.Height;
        extent = new SKSize((float)upright.Width / factor, (float)upright.Height / factor);

        var reduced = new SKSizeI(BoxReduction.SizeOf(decoded.Width, factor), BoxReduction.SizeOf(decoded.Height, factor));
        var turned = swaps ? new SKSizeI(reduced.Height, reduced.Width) : reduced;
        Pixels = (long)decoded.Width * bandRows + (factor > 1 ? Area(reduced) : 0)
            + (codec.EncodedOrigin == SKEncodedOrigin.TopLeft ? 0 : Area(reduced)) + (factor == 1 && turned == result ? 0 : Area(result));
    }

    /// <summary>
    /// The pixels of the bitmaps decoding makes (the image decoded, or one band of it; its reduction; its upright copy;
    /// its resized copy), as if all were held at once: what a server budgets for it. Each pixel is four bytes.
    /// </summary>
    public long Pixels { get; }

    /// <summary>Reads the header of an image in a seekable stream (the caller disposes it after the decoder); <paramref name="name"/> is what messages call it.</summary>
    /// <param name="maxSize">If set, larger images are scaled down (high quality) so the longer side fits.</param>
    public static ImageDecoder Open(Stream stream, string name, int? maxSize = null)
    {
        // Read first: Skia closes a stream it cannot decode.
        var head = new byte[12];
        head = head[..stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
        stream.Position = 0;
        var codec = SKCodec.Create(stream) ?? throw Unreadable(head, name);
        try { return new ImageDecoder(codec, name, maxSize); }
        catch
        {
            codec.Dispose();
            throw;
        }
    }

    /// <summary>Decodes it upright (EXIF orientation applied), scaled as asked, transparency flattened onto white.</summary>
    public RgbImage Decode()
    {
        using var bitmap = Then(Then(Reduced(), b => Orientation.Apply(b, codec.EncodedOrigin)), Fit);
        return ToRgb(bitmap);
    }

    /// <summary>Releases the codec; the stream stays the caller's to dispose.</summary>
    public void Dispose() => codec.Dispose();

    /// <summary>The image decoded, whole or (averaged down by the whole factor) in bands.</summary>
    SKBitmap Reduced()
    {
        if (factor == 1) return DecodeWhole();
        var reduction = new BoxReduction(decoded.Width, decoded.Height, factor);
        try
        {
            DecodeInBands(reduction);
            return reduction.Result;
        }
        catch
        {
            reduction.Result.Dispose();
            throw;
        }
    }

    SKBitmap DecodeWhole()
    {
        var bitmap = new SKBitmap(Rgba(decoded));
        var outcome = codec.GetPixels(bitmap.Info, bitmap.GetPixels());
        if (outcome == SKCodecResult.Success) return bitmap;
        bitmap.Dispose();
        throw Damaged(outcome);
    }

    void DecodeInBands(BoxReduction reduction)
    {
        var info = Rgba(decoded);
        using var band = new SKBitmap(Rgba(new SKSizeI(decoded.Width, bandRows)));
        for (var top = 0; top < decoded.Height; top += bandRows)
        {
            var rows = Math.Min(bandRows, decoded.Height - top);
            var outcome = codec.StartIncrementalDecode(info, band.GetPixels(), info.RowBytes, new SKCodecOptions(new SKRectI(0, top, decoded.Width, top + rows)));
            if (outcome == SKCodecResult.Success) outcome = codec.IncrementalDecode();
            if (outcome != SKCodecResult.Success) throw Damaged(outcome);
            reduction.Add(band.GetPixelSpan()[..(rows * info.RowBytes)]);
        }
    }

    /// <summary>The bitmap at the size asked: resized, or the same one if it already is.</summary>
    SKBitmap Fit(SKBitmap bitmap)
    {
        var sampling = new SKSamplingOptions(SKCubicResampler.Mitchell);
        if (factor == 1) return bitmap.Info.Size == result ? bitmap : bitmap.Resize(Rgba(result), sampling);
        // A reduction's last column and row may stand for fewer pixels than the others: drawn from its true extent,
        // the picture keeps its geometry.
        var fitted = new SKBitmap(Rgba(result));
        using var canvas = new SKCanvas(fitted);
        canvas.DrawBitmap(bitmap, new SKRect(0, 0, extent.Width, extent.Height), new SKRect(0, 0, result.Width, result.Height), sampling);
        return fitted;
    }

    /// <summary>The next step's bitmap, the previous one disposed unless the step kept it.</summary>
    static SKBitmap Then(SKBitmap bitmap, Func<SKBitmap, SKBitmap> step)
    {
        SKBitmap next;
        try { next = step(bitmap); }
        catch
        {
            bitmap.Dispose();
            throw;
        }
        if (next != bitmap) bitmap.Dispose();
        return next;
    }

    /// <summary>The smallest of the codec's scales 1/8 to 7/8 whose longer side still covers the limit; its full size if it has none (PNG, GIF, BMP).</summary>
    static SKSizeI Covering(SKCodec codec, int limit) => Enumerable.Range(1, 7).Select(eighths => codec.GetScaledDimensions(eighths / 8f))
        .FirstOrDefault(size => Math.Max(size.Width, size.Height) >= limit && size != codec.Info.Size, codec.Info.Size);

    static SKImageInfo Rgba(SKSizeI size) => new(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul);

    static long Area(SKSizeI size) => (long)size.Width * size.Height;

    DeepDreamException Damaged(SKCodecResult outcome) =>
        new($"{name} could not be decoded ({Describe(outcome)}); the file is damaged — try re-saving it");

    static string Describe(SKCodecResult outcome) => outcome switch
    {
        SKCodecResult.IncompleteInput or SKCodecResult.ErrorInInput => "it is truncated or corrupt",
        _ => outcome.ToString(),
    };

    /// <summary>A file that starts like an image but cannot be opened is damaged; anything else is not an image.</summary>
    static DeepDreamException Unreadable(ReadOnlySpan<byte> head, string name)
    {
        var looksLikeImage = head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) || head.StartsWith((ReadOnlySpan<byte>)[137, 80, 78, 71]) || head.StartsWith("GIF8"u8)
            || head.StartsWith("BM"u8) || (head.StartsWith("RIFF"u8) && head.Length == 12 && head[8..].SequenceEqual("WEBP"u8));
        return new DeepDreamException(looksLikeImage
            ? $"{name} is damaged or truncated and cannot be decoded; re-save or re-download it"
            : $"{name} is not an image this program can read; use JPEG, PNG, WebP, BMP or GIF");
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
}
