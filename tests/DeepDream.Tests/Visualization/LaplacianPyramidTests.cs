using DeepDream.Imaging;
using DeepDream.Visualization;
using Xunit;

namespace DeepDream.Tests.Visualization;

public class LaplacianPyramidTests
{
    static RgbImage Random(int width, int height, int seed)
    {
        var random = new Random(seed);
        var image = new RgbImage(width, height);
        for (var i = 0; i < image.Pixels.Length; i++) image.Pixels[i] = (float)(random.NextDouble() * 2 - 1);
        return image;
    }

    [Theory]
    [InlineData(16, 16)]
    [InlineData(13, 9)]
    [InlineData(224, 224)]
    public void SplitThenMergeGivesBackTheInput(int width, int height)
    {
        var image = Random(width, height, 1);
        var levels = LaplacianPyramid.Split(image, 4);
        Assert.Equal(5, levels.Count);
        Assert.Equal((width, height), (levels[^1].Width, levels[^1].Height));
        Assert.True(levels[0].Width < levels[1].Width, "coarsest first");
        var merged = LaplacianPyramid.Merge(levels);
        Assert.Equal(image.Pixels.Length, merged.Pixels.Length);
        Assert.All(image.Pixels.Zip(merged.Pixels), p => Assert.Equal(p.First, p.Second, 1e-5));
    }

    /// <summary>
    /// One level against the notebook's own definition, written out in 2-D: lo = conv2d(img, k5x5, stride 2, SAME),
    /// hi = img − conv2d_transpose(lo, 4·k5x5, stride 2, SAME), per channel (k5x5 ⊗ eye(3)).
    /// </summary>
    [Theory]
    [InlineData(10, 8)]
    [InlineData(7, 11)]
    public void OneLevelIsTheNotebooksConvolutionAndItsTranspose(int width, int height)
    {
        var image = Random(width, height, 2);
        var (lo, hi) = LaplacianPyramid.Split(image);

        double[] k1 = [1, 4, 6, 4, 1];
        var (outW, outH) = ((width + 1) / 2, (height + 1) / 2);
        // TensorFlow's SAME: total padding (out − 1)·2 + 5 − in, the smaller half before.
        var (padX, padY) = (((outW - 1) * 2 + 5 - width) / 2, ((outH - 1) * 2 + 5 - height) / 2);
        Assert.Equal((outW, outH), (lo.Width, lo.Height));
        // Every (output, input) pair of the stride-2 5x5 window that lies inside the image, with k5x5's weight.
        void Window(Action<int, int, int, double> tap)
        {
            for (var oy = 0; oy < outH; oy++)
                for (var ox = 0; ox < outW; ox++)
                    for (var i = 0; i < 5; i++)
                        for (var j = 0; j < 5; j++)
                            if ((2 * oy - padY + i, 2 * ox - padX + j) is var (y, x) && y >= 0 && y < height && x >= 0 && x < width)
                                tap(oy * outW + ox, y, x, k1[i] * k1[j] / 256);
        }
        var expectedLo = new double[3, outH, outW];
        var lo2 = new double[3, height, width];
        for (var c = 0; c < 3; c++)
        {
            Window((o, y, x, k) => expectedLo[c, o / outW, o % outW] += k * image.Pixels[(c * height + y) * width + x]);
            Window((o, y, x, k) => lo2[c, y, x] += 4 * k * lo.Pixels[c * outH * outW + o]);
        }
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < outH; y++)
                for (var x = 0; x < outW; x++)
                    Assert.Equal(expectedLo[c, y, x], lo.Pixels[(c * outH + y) * outW + x], 1e-5);
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < height; y++)
                for (var x = 0; x < width; x++)
                    Assert.Equal(image.Pixels[(c * height + y) * width + x] - lo2[c, y, x], hi.Pixels[(c * height + y) * width + x], 1e-5);
    }

    [Fact]
    public void NormalizeDividesEachLevelByItsOwnRms()
    {
        var image = Random(40, 36, 3);
        var expected = LaplacianPyramid.Merge(LaplacianPyramid.Split(image, 4).Select(level =>
        {
            var rms = Math.Sqrt(level.Pixels.Average(v => (double)v * v));
            return new RgbImage(level.Width, level.Height, [.. level.Pixels.Select(v => (float)(v / rms))]);
        }).ToList());
        var normalized = LaplacianPyramid.Normalize(image, 4);
        Assert.All(expected.Pixels.Zip(normalized.Pixels), p => Assert.Equal(p.First, p.Second, 1e-4));

        // Levels at very different strengths come out alike: scaling the input changes nothing.
        var scaled = new RgbImage(image.Width, image.Height, [.. image.Pixels.Select(v => v * 1000)]);
        Assert.All(normalized.Pixels.Zip(LaplacianPyramid.Normalize(scaled, 4).Pixels), p => Assert.Equal(p.First, p.Second, 1e-3));
    }
}
