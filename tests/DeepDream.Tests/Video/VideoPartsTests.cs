using DeepDream.Imaging;
using DeepDream.Tests.Support;
using DeepDream.Video;
using Xunit;

namespace DeepDream.Tests.Video;

public class VideoPartsTests
{
    static float At(RgbImage image, int c, int x, int y) => image.Pixels[(c * image.Height + y) * image.Width + x];

    [Fact]
    public void NoZoomNoRotationIsTheIdentity()
    {
        var image = TestImages.Pattern(33, 21);
        Assert.Equal(image.Pixels, Warp.ZoomRotate(image, 1, 0).Pixels);
    }

    [Fact]
    public void ZoomMagnifiesAboutTheCentreWithSubPixelPrecision()
    {
        // A horizontal ramp (value = x) zoomed 2x about the centre: value = centre + (x − centre) / 2.
        var ramp = new RgbImage(41, 5, [.. Enumerable.Range(0, 3 * 41 * 5).Select(i => (float)(i % 41))]);
        var zoomed = Warp.ZoomRotate(ramp, 2, 0);
        for (var x = 0; x < 41; x++) Assert.Equal(20 + (x - 20) / 2.0, At(zoomed, 0, x, 2), 4);
        var slightly = Warp.ZoomRotate(ramp, 1.05, 0);
        Assert.Equal(20 + 20 / 1.05, At(slightly, 1, 40, 0), 4);
    }

    [Fact]
    public void RotationTurnsAboutTheCentre()
    {
        var image = new RgbImage(9, 9);
        image.Pixels[4 * 9 + 8] = 255; // red dot at the middle of the right edge
        var turned = Warp.ZoomRotate(image, 1, 90);
        Assert.Equal(255f, At(turned, 0, 4, 0), 3); // counter-clockwise: now at the top
    }

    [Fact]
    public void ColorStatisticsAreImposedExactly()
    {
        var reference = ColorStatistics.Of(TestImages.Pattern(40, 30, seed: 1));
        var image = TestImages.Pattern(40, 30, seed: 2);
        for (var i = 0; i < image.Pixels.Length; i++) image.Pixels[i] = image.Pixels[i] * 0.5f + 100;
        reference.Impose(image);
        var result = ColorStatistics.Of(image);
        for (var c = 0; c < 3; c++)
        {
            Assert.Equal(reference.Mean[c], result.Mean[c], 1);
            Assert.Equal(reference.Std[c], result.Std[c], 1);
        }
    }

    [Fact]
    public void LayerSchedulesMoveThroughLayersWithCrossFades()
    {
        var schedule = LayerSchedule.Parse("layer3:10, layer4.0:10, layer4");
        Assert.Equal([("layer3", 1.0)], schedule.At(1));
        Assert.Equal([("layer3", 1.0)], schedule.At(10));
        Assert.Equal([("layer3", 0.8), ("layer4.0", 0.2)], schedule.At(11).Select(w => (w.Layer, Math.Round(w.Weight, 3))));
        Assert.Equal([("layer4.0", 1.0)], schedule.At(15));
        Assert.Equal([("layer4", 1.0)], schedule.At(500));

        var cycling = LayerSchedule.Parse("a:2,b:2");
        Assert.Equal("a", cycling.At(5).Last().Layer);
        Assert.Equal("b", cycling.At(5).First().Layer); // fading back from b into a
    }

    [Theory]
    [InlineData("layer3:x")]
    [InlineData("layer3,layer4:5")]
    [InlineData("layer3:0")]
    [InlineData(",")]
    public void BadSchedulesAreRefused(string text) => Assert.Throws<DeepDreamException>(() => LayerSchedule.Parse(text));

    [Fact]
    public void FrameCountsAddBlends()
    {
        Assert.Equal(32, new ZoomOptions().TotalFrames);
        Assert.Equal(32 + 2 * 31, new ZoomOptions { Blend = 2 }.TotalFrames);
    }
}
