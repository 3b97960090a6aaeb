using DeepDream.Dreaming.Objectives;
using DeepDream.Dreaming;
using DeepDream.Models;
using DeepDream.Runtime;
using Xunit;

namespace DeepDream.Tests.Models;

public class ResNet18Tests
{
    static DreamModel Model => ModelCatalog.Load("resnet18");

    [Fact]
    public void LayersHaveResNetNamesAndShapes()
    {
        var shapes = ShapeInference.Infer(Model.ForImage(224, 224));
        long[] Shape(string layer) => shapes[Model.Layer(layer).Tensor];
        Assert.Equal([1, 64, 112, 112], Shape("conv1"));
        Assert.Equal([1, 64, 56, 56], Shape("layer1"));
        Assert.Equal([1, 128, 28, 28], Shape("layer2"));
        Assert.Equal([1, 256, 14, 14], Shape("layer3"));
        Assert.Equal([1, 512, 7, 7], Shape("layer4"));
        Assert.Equal(Model.Layer("layer2.1").Tensor, Model.Layer("layer2").Tensor);
        Assert.Equal(Model.Layer("parts").Tensor, Model.Layer(Model.Presets["parts"]).Tensor);
    }

    [Theory]
    [InlineData(100, 75)]
    [InlineData(37, 61)]
    public void AnyImageSizeWorks(int width, int height)
    {
        using var session = GradientSession.Create(Model.ForImage(height, width), DreamModel.ImageInput, Objective.Layer(Model.Layer("layer4").Tensor));
        var gradient = new float[3 * width * height];
        var value = session.Run(GradientCheck.TestImage(Math.Max(width, height), 1).AsSpan(0, gradient.Length), gradient);
        Assert.True(value > 0);
        Assert.Contains(gradient, g => g != 0);
    }

    [Fact]
    public void GradientsOfEveryMainLayerMatchFiniteDifferences()
    {
        var report = GradientCheck.Run(Model, Model.MainLayers);
        Assert.Empty(report.UnsupportedOps);
        Assert.Equal(["conv1", "layer1", "layer2", "layer3", "layer4"], report.Checks.Select(c => c.Layer));
        Assert.All(report.Checks, c => Assert.True(c.Passed, $"{c.Layer}: relative error {c.RelativeError} {c.Error}"));
    }

    [Fact]
    public void UnknownLayerNamesTheAlternatives()
    {
        var error = Assert.Throws<DeepDreamException>(() => Model.Layer("mixed4c"));
        Assert.Contains("no layer 'mixed4c'", error.Message);
        Assert.Contains("layer3", error.Message);
    }
}
