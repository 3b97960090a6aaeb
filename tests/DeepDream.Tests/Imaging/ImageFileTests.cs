using System.Buffers.Binary;
using DeepDream.Imaging;
using DeepDream.Tests.Support;
using SkiaSharp;
using Xunit;

namespace DeepDream.Tests.Imaging;

public class ImageFileTests
{
    static string Write(byte[] bytes, string name)
    {
        var path = TestImages.TempPath(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    static float Pixel(RgbImage image, int c, int x, int y) => image.Pixels[(c * image.Height + y) * image.Width + x];

    [Theory]
    [InlineData(".png")]
    [InlineData(".jpg")]
    [InlineData(".webp")]
    public void WritesAndReadsBackEachOutputFormat(string extension)
    {
        var image = TestImages.Pattern(40, 30);
        var path = TestImages.TempPath("out" + extension);
        ImageFile.Write(image, path);
        var back = ImageFile.Read(path);
        Assert.Equal((40, 30), (back.Width, back.Height));
        var meanError = image.Pixels.Zip(back.Pixels).Average(p => Math.Abs(p.First - p.Second));
        Assert.True(meanError < (extension == ".png" ? 0.5 : 6), $"mean error {meanError}");
    }

    [Fact]
    public void ReadsBmp()
    {
        // 2x1, 24-bit, bottom-up rows padded to 4 bytes: a red pixel then a blue one (stored BGR).
        byte[] pixels = [0, 0, 255, 255, 0, 0, 0, 0];
        var header = new byte[54];
        "BM"u8.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(2), 54 + pixels.Length);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(18), 2);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(22), 1);
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(28), 24);
        var image = ImageFile.Read(Write([.. header, .. pixels], "x.bmp"));
        Assert.Equal((255f, 0f, 0f), (Pixel(image, 0, 0, 0), Pixel(image, 1, 0, 0), Pixel(image, 2, 0, 0)));
        Assert.Equal((0f, 0f, 255f), (Pixel(image, 0, 1, 0), Pixel(image, 1, 1, 0), Pixel(image, 2, 1, 0)));
    }

    [Fact]
    public void ReadsTheFirstFrameOfAnAnimatedGif()
    {
        // 2x1 GIF, palette [red, blue]; frame 1 is all red, frame 2 all blue (LZW, minimum code size 2).
        byte[] gif =
        [
            .. "GIF89a"u8, 2, 0, 1, 0, 0x80, 0, 0, 255, 0, 0, 0, 0, 255,
            0x21, 0xF9, 4, 0, 10, 0, 0, 0, 0x2C, 0, 0, 0, 0, 2, 0, 1, 0, 0, 2, 2, 0x04, 0x0A, 0,
            0x21, 0xF9, 4, 0, 10, 0, 0, 0, 0x2C, 0, 0, 0, 0, 2, 0, 1, 0, 0, 2, 2, 0x4C, 0x0A, 0,
            0x3B,
        ];
        var image = ImageFile.Read(Write(gif, "anim.gif"));
        Assert.Equal((2, 1), (image.Width, image.Height));
        Assert.Equal((255f, 0f), (Pixel(image, 0, 1, 0), Pixel(image, 2, 1, 0)));
    }

    [Fact]
    public void AppliesExifOrientation()
    {
        // A 40x20 image with a white top-left corner, stored with orientation 6 (rotate 90° clockwise to view).
        var stored = new RgbImage(40, 20);
        for (var c = 0; c < 3; c++) stored.Pixels[c * 800] = 255;
        var jpeg = ImageFile.Encode(stored, SKEncodedImageFormat.Jpeg);
        byte[] exif = [.. "Exif\0\0"u8, .. "MM\0*"u8, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0];
        byte[] app1 = [0xFF, 0xE1, (byte)((exif.Length + 2) >> 8), (byte)(exif.Length + 2), .. exif];
        var image = ImageFile.Read(Write([.. jpeg[..2], .. app1, .. jpeg[2..]], "rotated.jpg"));
        Assert.Equal((20, 40), (image.Width, image.Height));
        Assert.True(Pixel(image, 0, 19, 0) > 100, "the stored top-left corner is now top-right");
        Assert.True(Pixel(image, 0, 0, 0) < 100);
    }

    [Fact]
    public void FlattensTransparencyOntoWhite()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(2, 1, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        bitmap.SetPixel(0, 0, new SKColor(0, 0, 0, 0));
        bitmap.SetPixel(1, 0, new SKColor(0, 0, 0, 128));
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        var image = ImageFile.Read(Write(data.ToArray(), "alpha.png"));
        Assert.Equal(255f, Pixel(image, 0, 0, 0));
        Assert.InRange(Pixel(image, 1, 1, 0), 120, 135);
    }

    [Fact]
    public void MaxSizeScalesLargerImagesDown()
    {
        var path = TestImages.TempPath("big.png");
        ImageFile.Write(TestImages.Pattern(200, 100), path);
        var image = ImageFile.Read(path, maxSize: 50);
        Assert.Equal((50, 25), (image.Width, image.Height));
    }

    [Fact]
    public void RefusesAHugeImageFromItsHeaderAlone()
    {
        var error = Assert.Throws<DeepDreamException>(() => ImageFile.Read(Write(TestImages.HugePng(), "huge.png")));
        Assert.Contains("40000x40000", error.Message);
    }

    [Fact]
    public void DamagedAndNonImageFilesAreToldApart()
    {
        var jpeg = ImageFile.Encode(TestImages.Pattern(64, 64), SKEncodedImageFormat.Jpeg);
        Assert.Contains("damaged or truncated", Assert.Throws<DeepDreamException>(() => ImageFile.Read(Write(jpeg[..300], "cut.jpg"))).Message);
        Assert.Contains("not an image", Assert.Throws<DeepDreamException>(() => ImageFile.Read(Write("hello"u8.ToArray(), "text.jpg"))).Message);
    }

    [Fact]
    public void PngTextRoundTrips()
    {
        var path = TestImages.TempPath("meta.png");
        var text = new Dictionary<string, string> { ["deepdream"] = "{\"layer\":\"layer3\",\"note\":\"ünïcode ✓\"}", ["Software"] = "deepdream test" };
        ImageFile.Write(TestImages.Pattern(8, 8), path, text);
        Assert.Equal(text, PngText.Read(path));
        Assert.Equal((8, 8), (ImageFile.Read(path).Width, ImageFile.Read(path).Height));
    }

    [Fact]
    public void AFailedWriteLeavesNothingBehind()
    {
        var folder = Directory.CreateTempSubdirectory().FullName;
        var path = Path.Combine(folder, "out.png");
        Directory.CreateDirectory(path); // a folder where the file should go: the rename must fail
        Assert.Throws<DeepDreamException>(() => ImageFile.Write(TestImages.Pattern(8, 8), path));
        Assert.Equal([path], Directory.GetFileSystemEntries(folder));
    }
}
