using DeepDream.Imaging;
using DeepDream.Tests.Support;
using SkiaSharp;
using Xunit;

namespace DeepDream.Tests.Imaging;

/// <summary>How much of itself an image holds while it decodes, and that holding less changes nothing it shows.</summary>
public class ImageDecoderTests
{
    static ImageDecoder Open(byte[] file, int? maxSize) => ImageDecoder.Open(new MemoryStream(file), "the image", maxSize);

    static float Pixel(RgbImage image, int c, int x, int y) => image.Pixels[(c * image.Height + y) * image.Width + x];

    [Fact]
    public void AnImageKeptAtItsSizeHoldsOneBitmapAndATurnedOneItsUprightCopy()
    {
        var png = ImageFile.Encode(TestImages.Pattern(40, 30), SKEncodedImageFormat.Png);
        using (var decoder = Open(png, maxSize: 100)) Assert.Equal(40 * 30, decoder.Pixels);
        var jpeg = ImageFile.Encode(TestImages.Pattern(40, 30), SKEncodedImageFormat.Jpeg);
        byte[] exif = [.. "Exif\0\0"u8, .. "MM\0*"u8, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0];
        byte[] turned = [.. jpeg[..2], 0xFF, 0xE1, 0, (byte)(exif.Length + 2), .. exif, .. jpeg[2..]];
        using (var decoder = Open(turned, maxSize: null)) Assert.Equal(2 * 40 * 30, decoder.Pixels);
    }

    [Fact]
    public void AJpegScaledDownDecodesAtTheSmallestScaleThatCoversTheSize()
    {
        var jpeg = ImageFile.Encode(TestImages.Pattern(2400, 1600), SKEncodedImageFormat.Jpeg);
        using var decoder = Open(jpeg, maxSize: 500);
        // A quarter of each side (600x400) covers 500, an eighth would not; then the 500x333 result.
        Assert.Equal(600 * 400 + 500 * 333, decoder.Pixels);
        var image = decoder.Decode();
        Assert.Equal((500, 333), (image.Width, image.Height));
        var whole = ImageFile.Read(new MemoryStream(jpeg), "the image");
        Assert.InRange(Math.Abs(Pixel(image, 1, 250, 166) - Pixel(whole, 1, 1200, 800)), 0, 12);
    }

    [Fact]
    public void APngLargerThanABandDecodesInBandsWithEveryPixelAveragedInItsPlace()
    {
        // 8192x6144, eight times the size asked: red in one-pixel stripes, green a gradient from top to bottom.
        const int width = 8192, height = 6144;
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var stripe = new SKBitmap(new SKImageInfo(2, 1, SKColorType.Rgba8888, SKAlphaType.Opaque)))
        using (var canvas = new SKCanvas(bitmap))
        using (var paint = new SKPaint())
        {
            stripe.SetPixel(0, 0, SKColors.Black);
            stripe.SetPixel(1, 0, SKColors.Red);
            paint.Shader = SKShader.CreateCompose(
                stripe.ToShader(SKShaderTileMode.Repeat, SKShaderTileMode.Repeat),
                SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, height), [SKColors.Black, new SKColor(0, 255, 0)], SKShaderTileMode.Clamp),
                SKBlendMode.Plus);
            canvas.DrawPaint(paint);
        }
        using var png = bitmap.PeekPixels().Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.Sub, 1))!;

        using var decoder = Open(png.ToArray(), maxSize: 1024);
        Assert.InRange(decoder.Pixels, 1, width * height / 2);
        var image = decoder.Decode();

        Assert.Equal((1024, 768), (image.Width, image.Height));
        float worstRed = 0, worstGreen = 0;
        for (var y = 0; y < image.Height; y++)
            for (var x = 0; x < image.Width; x++)
            {
                worstRed = Math.Max(worstRed, Math.Abs(Pixel(image, 0, x, y) - 127.5f));
                worstGreen = Math.Max(worstGreen, Math.Abs(Pixel(image, 1, x, y) - (y + 0.5f) * 255 / image.Height));
            }
        Assert.True(worstRed <= 1 && worstGreen <= 2, $"red is off by up to {worstRed}, green by up to {worstGreen}");
    }
}
