using System.Buffers.Binary;
using System.IO.Hashing;
using DeepDream.Imaging;
using SkiaSharp;

namespace DeepDream.Tests.Support;

static class TestImages
{
    /// <summary>A sample photo kept in the repository (astronaut.png, chelsea.png, coffee.png: 320 px; rocket.jpg: 640x427).</summary>
    public static string Photo(string name) => Path.Combine(RepositoryRoot, "tests", "DeepDream.Tests", "Photos", name);

    /// <summary>A JPEG cut off after its first 400 bytes: it starts like a photo and cannot be decoded.</summary>
    public static string TruncatedJpeg()
    {
        var path = TempPath("truncated.jpg");
        File.WriteAllBytes(path, File.ReadAllBytes(Photo("rocket.jpg"))[..400]);
        return path;
    }

    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "README.md"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
        }
    }

    /// <summary>A smooth colourful pattern, photo-like enough for the networks to respond.</summary>
    public static RgbImage Pattern(int width, int height, int seed = 1)
    {
        var random = new Random(seed);
        var image = new RgbImage(width, height);
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < height; y++)
                for (var x = 0; x < width; x++)
                    image.Pixels[(c * height + y) * width + x] = (float)Math.Clamp(127 + 60 * Math.Sin(x * 0.09 * (c + 1) + y * 0.05)
                        + 50 * Math.Cos(y * 0.13 - x * 0.04 * c) + 15 * random.NextDouble(), 0, 255);
        return image;
    }

    /// <summary>A valid 1x1 PNG whose header (with a correct checksum) claims 40000x40000 pixels.</summary>
    public static byte[] HugePng()
    {
        var png = ImageFile.Encode(new RgbImage(1, 1), SKEncodedImageFormat.Png);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), 40000);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), 40000);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Crc32.HashToUInt32(png.AsSpan(12, 17)));
        return png;
    }

    /// <summary>
    /// A square PNG of a smooth diagonal gradient, every row different: at 8000 px, 64 megapixels in 10 MB (quickly
    /// made: the Sub filter and the fastest compression), under the studio's upload cap.
    /// </summary>
    public static byte[] GradientPng(int size)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(bitmap))
        using (var paint = new SKPaint { Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(size, size), [SKColors.DarkBlue, SKColors.Orange, SKColors.Teal], SKShaderTileMode.Clamp) })
            canvas.DrawPaint(paint);
        using var png = bitmap.PeekPixels().Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.Sub, 1));
        return png!.ToArray();
    }

    /// <summary>Bytes in a new temporary file; returns its path.</summary>
    public static string Write(string name, byte[] bytes)
    {
        var path = TempPath(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public static string TempPath(string name) => Path.Combine(Path.GetTempPath(), $"deepdream-{Guid.NewGuid():N}-{name}");
}
