using System.Text.Json;
using DeepDream.Dreaming;
using DeepDream.Dreaming.Objectives;
using DeepDream.Models;
using DeepDream.Runtime;
using DeepDream.Tests.Support;
using Xunit;

namespace DeepDream.Tests.Models;

/// <summary>
/// Real torch.onnx.export output, one small network per op family of torchvision's classifiers (written by
/// tools/compatibility/fixtures.py from torchvision's own blocks): each loads, computes PyTorch's objective at its block
/// output, and differentiates there and at its default layer as finite differences say.
/// </summary>
public class ExportFixturesTests
{
    const int Size = 64;

    static string Folder => Path.Combine(TestImages.RepositoryRoot, "tests", "DeepDream.Tests", "Models", "Exports");

    public static TheoryData<string> Exports() => [.. Directory.GetFiles(Folder, "*.onnx").Select(f => Path.GetFileNameWithoutExtension(f)).Order()];

    [Fact]
    public void EveryFamilyIsThere() =>
        Assert.Equal(13, Exports().Count);

    [Theory]
    [MemberData(nameof(Exports))]
    public void ComputesPyTorchsObjective(string name)
    {
        var (model, layer, expected) = Load(name);
        using var session = GradientSession.Create(model.ForImage(Size, Size), DreamModel.ImageInput, Objective.Layer(layer), withGradient: false);
        var actual = session.Evaluate(Image());
        Assert.True(Math.Abs(actual - expected) <= 1e-4 * Math.Abs(expected), $"{name}: ours {actual}, PyTorch's {expected}");
    }

    [Theory]
    [MemberData(nameof(Exports))]
    public void DifferentiatesAtItsBlockAndDefaultLayer(string name)
    {
        var (model, layer, _) = Load(name);
        var report = GradientCheck.Run(model, new[] { layer, model.DefaultLayer }.Distinct(), size: Size);
        Assert.True(report.Passed, $"{name}: " + string.Join("; ", report.Checks.Select(c => $"{c.Layer} {c.RelativeError:g2} {c.Error}")));
        Assert.Empty(report.UnsupportedOps);
    }

    [Theory]
    [InlineData("shufflenet-shuffle-13")]
    [InlineData("shufflenet-shuffle-8")]   // the view's shape built from Constant → Cast → Unsqueeze → Concat
    public void AShuffleExportedAtOneSizeDifferentiatesAtAnother(string name)
    {
        // Exported with a static size, the channel shuffle's views are constants for 64x64 (…, 8, 8 at its stride).
        var (model, layer, _) = Load(name);
        var check = GradientCheck.Run(model, [layer], size: 96).Checks.Single();
        Assert.True(check is { Passed: true, Size: 96, Error: null }, $"{check}");
    }

    static (DreamModel Model, string Layer, double Objective) Load(string name)
    {
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, name + ".json")));
        return (ModelCatalog.Load(Path.Combine(Folder, name + ".onnx")), expected.RootElement.GetProperty("layer").GetString()!,
            expected.RootElement.GetProperty("objective").GetDouble());
    }

    /// <summary>fixtures.py's image: planar RGB, (7x + 3y + 11c) mod 256.</summary>
    static float[] Image()
    {
        var pixels = new float[3 * Size * Size];
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < Size; y++)
                for (var x = 0; x < Size; x++)
                    pixels[(c * Size + y) * Size + x] = (x * 7 + y * 3 + c * 11) % 256;
        return pixels;
    }
}
