using DeepDream.Imaging;
using DeepDream.Tests.Support;
using Xunit;

namespace DeepDream.Tests.Imaging;

public class RgbImageTests
{
    [Theory]
    [InlineData(5, -3)]
    [InlineData(-40, 17)]
    [InlineData(0, 0)]
    public void RollThenUnrollIsExact(int dx, int dy)
    {
        var image = TestImages.Pattern(31, 23);
        Assert.Equal(image.Pixels, image.Roll(dx, dy).Roll(-dx, -dy).Pixels);
    }

    [Fact]
    public void RollMovesPixelsWithWrapAround()
    {
        var image = TestImages.Pattern(10, 6);
        var rolled = image.Roll(3, 2);
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < 6; y++)
                for (var x = 0; x < 10; x++)
                    Assert.Equal(image.Pixels[(c * 6 + y) * 10 + x], rolled.Pixels[(c * 6 + (y + 2) % 6) * 10 + (x + 3) % 10]);
    }

    [Fact]
    public void ResizeKeepsConstantsAndAlignsPixelCentres()
    {
        var constant = new RgbImage(7, 5, Enumerable.Repeat(42f, 105).ToArray());
        Assert.All(constant.Resize(13, 4).Pixels, v => Assert.Equal(42f, v, 4));
        // Upscaling 2x a ramp keeps it a ramp with pixel centres aligned: the mean is unchanged.
        var ramp = new RgbImage(4, 1, [.. Enumerable.Range(0, 12).Select(i => (float)(i % 4))]);
        Assert.Equal(ramp.Pixels.Average(), ramp.Resize(8, 1).Pixels.Average(), 4);
    }
}
