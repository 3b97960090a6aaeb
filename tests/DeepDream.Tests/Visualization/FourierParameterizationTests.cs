using System.Numerics;
using DeepDream.Imaging;
using DeepDream.Visualization;
using Xunit;

namespace DeepDream.Tests.Visualization;

public class FourierParameterizationTests
{
    [Fact]
    public void FrequencyScaleIsLucids()
    {
        // 4x4: numpy's fftfreq(4) = [0, .25, -.5, -.25] down, rfft's [0, .25, .5] across; 1/max(f, 1/4) · √16.
        double s(double f) => 4 / Math.Max(f, 0.25);
        double[] expected =
        [
            s(0), s(.25), s(.5),
            s(.25), s(Math.Sqrt(2) / 4), s(Math.Sqrt(.25 * .25 + .25)),
            s(.5), s(Math.Sqrt(.25 * .25 + .25)), s(Math.Sqrt(.5)),
            s(.25), s(Math.Sqrt(2) / 4), s(Math.Sqrt(.25 * .25 + .25)),
        ];
        Assert.Equal(16, expected[0]);
        Assert.Equal(expected, FourierParameterization.FrequencyScale(4, 4).Select(v => (double)v), new Tolerance(1e-5));

        // Odd and unequal sizes: 6 wide, 5 high; the floor is 1/max(w, h) = 1/6.
        double[] fy = [0, .2, .4, -.4, -.2], fx = [0, 1 / 6.0, 2 / 6.0, 3 / 6.0];
        var scale = FourierParameterization.FrequencyScale(6, 5);
        Assert.Equal(5 * 4, scale.Length);
        for (var y = 0; y < 5; y++)
            for (var x = 0; x < 4; x++)
                Assert.Equal(Math.Sqrt(30) / Math.Max(Math.Sqrt(fx[x] * fx[x] + fy[y] * fy[y]), 1 / 6.0), scale[y * 4 + x], 1e-4);
    }

    [Fact]
    public void DecorrelationIsTheSquareRootOfImageNetsColourCorrelationOverItsMaxNorm()
    {
        double[,] c = { { 0.26, 0.09, 0.02 }, { 0.27, 0.00, -0.05 }, { 0.27, -0.09, 0.03 } };
        for (var i = 0; i < 3; i++)
            for (var j = 0; j < 3; j++)
                Assert.Equal(c[i, j] / 0.461952, ColorDecorrelation.Matrix[i, j], 1e-6);
    }

    [Fact]
    public void AZeroSpectrumIsMidGrey()
    {
        var image = new FourierParameterization(7, 6, new Random(1));
        Array.Clear(image.Spectrum);
        Assert.All(image.Render().Pixels, v => Assert.Equal(127.5f, v, 1e-4f));
    }

    /// <summary>The image against the formula evaluated directly: 255·σ(M · irfft2(scale·S)/4), irfft2 as numpy's (Hermitian sum, DC's and Nyquist's imaginary parts ignored).</summary>
    [Theory]
    [InlineData(6, 5)]
    [InlineData(5, 4)]
    public void RenderIsTheIrfftOfTheScaledSpectrumDecorrelatedThroughASigmoid(int width, int height)
    {
        var p = new FourierParameterization(width, height, new Random(2));
        for (var i = 0; i < p.Spectrum.Length; i++) p.Spectrum[i] *= 100;
        var image = p.Render();
        var scale = FourierParameterization.FrequencyScale(width, height);
        var bins = width / 2 + 1;
        var planes = new double[3, height, width];
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < height; y++)
                for (var x = 0; x < width; x++)
                {
                    var sum = 0.0;
                    for (var ky = 0; ky < height; ky++)
                        for (var kx = 0; kx < bins; kx++)
                        {
                            var at = ky * bins + kx;
                            var bin = new Complex(p.Spectrum[c * height * bins + at], p.Spectrum[(3 + c) * height * bins + at]) * scale[at];
                            var weight = kx == 0 || 2 * kx == width ? 1 : 2;
                            sum += weight * (bin * Complex.Exp(new Complex(0, 2 * Math.PI * ((double)ky * y / height + (double)kx * x / width)))).Real;
                        }
                    planes[c, y, x] = sum / (height * width) / 4;
                }
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < height; y++)
                for (var x = 0; x < width; x++)
                {
                    var u = 0.0;
                    for (var j = 0; j < 3; j++) u += ColorDecorrelation.Matrix[c, j] * planes[j, y, x];
                    Assert.Equal(255 / (1 + Math.Exp(-u)), image.Pixels[(c * height + y) * width + x], 1e-2);
                }
    }

    [Theory]
    [InlineData(6, 5)]
    [InlineData(5, 6)]
    public void GradientMatchesFiniteDifferences(int width, int height)
    {
        var p = new FourierParameterization(width, height, new Random(3));
        // A spectrum strong enough that the sigmoid bends: the test sees its derivative, not only the linear part.
        for (var i = 0; i < p.Spectrum.Length; i++) p.Spectrum[i] *= 50;
        var random = new Random(4);
        var weights = new RgbImage(width, height, [.. Enumerable.Range(0, 3 * width * height).Select(_ => (float)(random.NextDouble() * 2 - 1))]);
        double Objective() => p.Render().Pixels.Zip(weights.Pixels).Sum(z => (double)z.First * z.Second);

        Objective();
        var analytic = p.Backward(weights);
        const float h = 1e-2f;
        var worst = 0.0;
        var largest = analytic.Max(Math.Abs);
        for (var i = 0; i < p.Spectrum.Length; i++)
        {
            var original = p.Spectrum[i];
            p.Spectrum[i] = original + h;
            var plus = Objective();
            p.Spectrum[i] = original - h;
            var minus = Objective();
            p.Spectrum[i] = original;
            worst = Math.Max(worst, Math.Abs((plus - minus) / (2 * h) - analytic[i]));
        }
        Assert.True(largest > 1, $"the gradient is too small to test: {largest}");
        Assert.True(worst <= 2e-3 * largest, $"worst difference {worst:G3} against a largest gradient of {largest:G3}");
    }

    sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= epsilon * Math.Max(1, Math.Abs(a));
        public int GetHashCode(double value) => 0;
    }
}
