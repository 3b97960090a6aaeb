using DeepDream.Dreaming.Objectives;
using DeepDream.Dreaming;
using DeepDream.Imaging;
using DeepDream.Models;
using DeepDream.Runtime;
using DeepDream.Tests.Support;
using Xunit;

namespace DeepDream.Tests.Dreaming;

public class DreamerTests
{
    static readonly DreamOptions Small = new() { Iterations = 3, Octaves = 2, Seed = 11 };

    [Fact]
    public void OctavesGrowByTheScaleUpToTheImageSize()
    {
        using var dreamer = new Dreamer(DreamPlan.Resolve(new DreamOptions()));
        Assert.Equal([(164, 109), (230, 153), (322, 214), (451, 300)], dreamer.OctaveSizes(451, 300));
    }

    [Fact]
    public void WithoutStepsTheDreamIsTheInput()
    {
        using var dreamer = new Dreamer(DreamPlan.Resolve(Small with { Iterations = 0 }));
        var image = TestImages.Pattern(60, 40);
        Assert.Equal(image.Pixels, dreamer.Dream(image).Image.Pixels);
    }

    [Fact]
    public void DetailDreamedAtOneOctaveIsCarriedIntoTheNext()
    {
        using var dreamer = new Dreamer(DreamPlan.Resolve(Small with { Layer = "layer2", Iterations = 5 }));
        var result = dreamer.Dream(TestImages.Pattern(112, 84));
        var (small, large) = (result.Octaves[0], result.Octaves[1]);
        Assert.True(small.ObjectiveEnd > 1.1 * small.ObjectiveStart, $"{small.ObjectiveEnd} vs {small.ObjectiveStart}");
        // The large octave starts from its own base plus the upscaled detail, not from the plain photo.
        Assert.True(large.ObjectiveStart > 1.1 * result.ObjectiveInput, $"{large.ObjectiveStart} vs input {result.ObjectiveInput}");
        Assert.True(result.ObjectiveOutput > large.ObjectiveStart, $"{result.ObjectiveOutput} vs {large.ObjectiveStart}");
    }

    [Fact]
    public void SameSeedSameDreamOtherSeedOtherDream()
    {
        var image = TestImages.Pattern(64, 48);
        using var a = new Dreamer(DreamPlan.Resolve(Small));
        using var b = new Dreamer(DreamPlan.Resolve(Small));
        using var c = new Dreamer(DreamPlan.Resolve(Small with { Seed = 12 }));
        var first = a.Dream(image).Image.Pixels;
        Assert.Equal(first, b.Dream(image).Image.Pixels);
        Assert.NotEqual(first, c.Dream(image).Image.Pixels);
    }

    [Fact]
    public void AFramesDreamIsTheDreamWithoutItsMeasurements()
    {
        var image = TestImages.Pattern(64, 48);
        using var dreamer = new Dreamer(DreamPlan.Resolve(Small));
        Assert.Equal(dreamer.Dream(image).Image.Pixels, dreamer.DreamImage(image).Pixels);
    }

    [Fact]
    public void ReportsProgressAndHonoursCancellation()
    {
        using var dreamer = new Dreamer(DreamPlan.Resolve(Small));
        using var cancel = new CancellationTokenSource();
        var reports = new List<DreamProgress>();
        var progress = new SyncProgress<DreamProgress>(p => { reports.Add(p); if (p.Octave == 2) cancel.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => dreamer.Dream(TestImages.Pattern(64, 48), progress, cancel.Token));
        Assert.Equal([(1, 1), (1, 2), (1, 3), (2, 1)], reports.Select(r => (r.Octave, r.Iteration)));
        Assert.True(reports[^1].Fraction > reports[0].Fraction);
    }

    [Fact]
    public void TiledGradientEqualsTheUntiledGradientAwayFromTheCuts()
    {
        // conv1 sees 7x7 pixels (stride 2), so a pixel more than 8 pixels from a cut has the untiled
        // gradient. 128-pixel tiles cut this image at x = 100 and y = 80.
        var model = ModelCatalog.Load("resnet18");
        var objective = Objective.Layer(model.Layer("conv1").Tensor);
        // Exact arithmetic shows the tiling alone: in bf16 each crop's differently scaled seed rounds differently.
        using var sessions = new SessionCache { Engine = ComputeEngine.Ort };
        var image = TestImages.Pattern(200, 160);
        var whole = new float[image.Pixels.Length];
        var tiled = new float[image.Pixels.Length];
        var wholeValue = new TiledGradient(model, objective, sessions, 512).Compute(image, 0, 0, whole);
        new TiledGradient(model, objective, sessions, 128).Compute(image, 0, 0, tiled);
        var scale = whole.Max(MathF.Abs);
        var compared = 0;
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < image.Height; y++)
                for (var x = 0; x < image.Width; x++)
                {
                    if (Math.Abs(x - 100) <= 8 || Math.Abs(y - 80) <= 8) continue;
                    var i = (c * image.Height + y) * image.Width + x;
                    Assert.True(Math.Abs(whole[i] - tiled[i]) <= 1e-4 * scale, $"({x}, {y}): {whole[i]} vs {tiled[i]}");
                    compared++;
                }
        Assert.True(compared > whole.Length / 2);
        Assert.True(wholeValue > 0);
    }

    [Fact]
    public void RollingIsExactlyTheGradientOfTheRolledImage()
    {
        var model = ModelCatalog.Load("resnet18");
        var objective = Objective.Layer(model.Layer("layer1").Tensor);
        using var sessions = new SessionCache();
        var gradients = new TiledGradient(model, objective, sessions, 64);
        var image = TestImages.Pattern(96, 80);
        var viaOffset = new float[image.Pixels.Length];
        var viaCopy = new float[image.Pixels.Length];
        gradients.Compute(image, 13, -7, viaOffset);
        gradients.Compute(image.Roll(13, -7), 0, 0, viaCopy);
        Assert.Equal(viaOffset, new RgbImage(96, 80, viaCopy).Roll(-13, 7).Pixels);
    }

    [Fact]
    public void InvalidOptionsAreRefusedWithTheirName()
    {
        Assert.Contains("iterations", Assert.Throws<DeepDreamException>(() => new Dreamer(DreamPlan.Resolve(Small with { Iterations = -1 }))).Message);
        Assert.Contains("octave scale", Assert.Throws<DeepDreamException>(() => new Dreamer(DreamPlan.Resolve(Small with { OctaveScale = 1 }))).Message);
    }
}
