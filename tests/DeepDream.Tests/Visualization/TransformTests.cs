using DeepDream.Imaging;
using DeepDream.Visualization.Transforms;
using Xunit;

namespace DeepDream.Tests.Visualization;

public class TransformTests
{
    static RgbImage Random(int width, int height, int seed)
    {
        var random = new Random(seed);
        return new RgbImage(width, height, [.. Enumerable.Range(0, 3 * width * height).Select(_ => (float)(random.NextDouble() * 2 - 1))]);
    }

    static double Dot(RgbImage a, RgbImage b) => a.Pixels.Zip(b.Pixels).Sum(z => (double)z.First * z.Second);

    public static TheoryData<string> Transforms() => ["pad", "jitter", "scale", "rotate", "lucid"];

    static ITransform Named(string name) => name switch
    {
        "pad" => new Pad(5, 127.5f),
        "jitter" => new Jitter(6),
        "scale" => new RandomScale([0.9, 1.1]),
        "rotate" => new RandomRotate([-10, 7]),
        _ => TransformChain.Lucid,
    };

    /// <summary>⟨T(x) − T(0), y⟩ = ⟨x, Tᵀ(y)⟩ for every draw: the pullback is the exact adjoint, so gradients through the transforms are exact.</summary>
    [Theory]
    [MemberData(nameof(Transforms))]
    public void PullbackIsTheAdjointOfApply(string name)
    {
        var random = new Random(1);
        for (var draw = 0; draw < 5; draw++)
        {
            var step = Named(name).Draw(random, 31, 26);
            var x = Random(31, 26, draw);
            var y = Random(step.Width, step.Height, 100 + draw);
            var forward = step.Apply(x);
            var offset = step.Apply(new RgbImage(31, 26));
            Assert.Equal((step.Width, step.Height), (forward.Width, forward.Height));
            var linear = new RgbImage(forward.Width, forward.Height, [.. forward.Pixels.Zip(offset.Pixels, (a, b) => a - b)]);
            Assert.Equal(Dot(linear, y), Dot(x, step.Pullback(y)), 1e-3);
        }
    }

    [Fact]
    public void LucidsTransformsTakeA128PixelImageTo140()
    {
        var step = TransformChain.Lucid.Draw(new Random(1), 128, 128);
        Assert.Equal((140, 140), (step.Width, step.Height));
    }

    [Fact]
    public void ScaleAndRotationKeepTheCentreAndTheIdentityChangesNothing()
    {
        var image = Random(21, 21, 7);
        Assert.All(image.Pixels.Zip(new RandomScale([1.0]).Draw(new Random(1), 21, 21).Apply(image).Pixels), p => Assert.Equal(p.First, p.Second, 1e-6));
        var turned = new RandomRotate([90]).Draw(new Random(1), 21, 21).Apply(image);
        Assert.Equal(image.Pixels[10 * 21 + 10], turned.Pixels[10 * 21 + 10], 1e-5);
        Assert.Equal(image.Pixels[20 * 21 + 10], turned.Pixels[10 * 21 + 0], 1e-4);
    }
}
