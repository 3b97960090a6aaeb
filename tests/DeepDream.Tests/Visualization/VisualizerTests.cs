using DeepDream.Imaging;
using DeepDream.Visualization;
using Xunit;

namespace DeepDream.Tests.Visualization;

public class VisualizerTests
{
    static VisualizationResult Render(VisualizeOptions options)
    {
        using var visualizer = new Visualizer(options);
        return visualizer.Render();
    }

    /// <summary>
    /// How much neighbouring pixels differ, over the image's spread: 1.15 for uniform noise, 1.13 for
    /// Gaussian noise, less the larger the shapes in a picture.
    /// </summary>
    static double Roughness(RgbImage image)
    {
        var mean = image.Pixels.Average(v => (double)v);
        var std = Math.Sqrt(image.Pixels.Average(v => (v - mean) * (v - mean)));
        var steps = new List<double>();
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < image.Height; y++)
                for (var x = 1; x < image.Width; x++)
                    steps.Add(Math.Abs(image.Pixels[(c * image.Height + y) * image.Width + x] - image.Pixels[(c * image.Height + y) * image.Width + x - 1]));
        return steps.Average() / std;
    }

    /// <summary>ResNet18 channels whose grey start already excites them a little, so the rise is a real ratio.</summary>
    [Theory]
    [InlineData("layer2", 5)]
    [InlineData("layer3", 0)]
    [InlineData("layer4.0", 9)]
    public void TheDefaultRendererRaisesAChannelTenfoldIntoAPicture(string layer, int channel)
    {
        var result = Render(new VisualizeOptions { Layer = layer, Channel = channel, Size = 96, Iterations = 64, Seed = 1 });
        Assert.Equal(RendererKind.Fourier, result.Renderer);
        Assert.True(result.ObjectiveStart > 0, $"start {result.ObjectiveStart}");
        Assert.True(result.ObjectiveEnd >= 10 * result.ObjectiveStart, $"{result.ObjectiveStart} -> {result.ObjectiveEnd}");
        Assert.True(Roughness(result.Image) < 0.8, $"roughness {Roughness(result.Image):0.00}: noise, not a picture");
    }

    [Fact]
    public void AChannelDeadOnTheGreyStartStillGrows()
    {
        // layer4.0 channel 0 is below its ReLU everywhere on a uniform image: without the pre-ReLU rescue it stays at exactly 0.
        var result = Render(new VisualizeOptions { Layer = "layer4.0", Channel = 0, Size = 64, Iterations = 24, Seed = 1 });
        Assert.Equal(0, result.ObjectiveStart);
        Assert.True(result.ObjectiveEnd > 1, $"end {result.ObjectiveEnd}");
    }

    [Theory]
    [InlineData(RendererKind.Naive, 12, 64)]
    [InlineData(RendererKind.Multiscale, 4, 124)]
    [InlineData(RendererKind.Lapnorm, 4, 124)]
    public void TheNotebooksRenderersGrowTheirOctavesAndRaiseTheObjective(RendererKind renderer, int iterations, int side)
    {
        // 64 → 89 → 124, as the notebook's 224 → 313 → 438.
        var result = Render(new VisualizeOptions { Layer = "layer3", Channel = 17, Renderer = renderer, Size = 64, Iterations = iterations, Seed = 1 });
        Assert.Equal((side, side), (result.Image.Width, result.Image.Height));
        Assert.True(result.ObjectiveEnd > 5 * result.ObjectiveStart, $"{result.ObjectiveStart} -> {result.ObjectiveEnd}");
    }

    [Fact]
    public void NegativeLowersTheChannelAndANeuronRaisesItsUnit()
    {
        var negative = Render(new VisualizeOptions { Layer = "layer3", Channel = 5, Negative = true, Size = 64, Iterations = 16, Seed = 1 });
        Assert.True(negative.ObjectiveStart < 0 && negative.ObjectiveEnd > negative.ObjectiveStart, $"{negative.ObjectiveStart} -> {negative.ObjectiveEnd}");
        var neuron = Render(new VisualizeOptions { Layer = "layer3", Neuron = 5, Size = 64, Iterations = 16, Seed = 1 });
        Assert.True(neuron.ObjectiveEnd > 5 * Math.Max(neuron.ObjectiveStart, 0.1), $"{neuron.ObjectiveStart} -> {neuron.ObjectiveEnd}");
    }

    [Fact]
    public void SameSeedSamePicture()
    {
        var options = new VisualizeOptions { Layer = "layer2", Channel = 3, Size = 48, Iterations = 4, Seed = 9 };
        Assert.Equal(Render(options).Image.Pixels, Render(options).Image.Pixels);
    }

    [Fact]
    public void TheNotebooksNoiseAndDisplay()
    {
        var noise = NotebookRenderer.Noise(32, new Random(1));
        Assert.All(noise.Pixels, v => Assert.InRange(v, 100f, 101f));

        // visstd: (a − mean)/std·0.1 + 0.5, clipped: mean 2, std 1 here.
        var shown = NotebookRenderer.Visstd(new RgbImage(2, 1, [1, 3, 1, 3, 1, 3]));
        Assert.Equal([0.4f * 255, 0.6f * 255, 0.4f * 255, 0.6f * 255, 0.4f * 255, 0.6f * 255], shown.Pixels);
        Assert.All(NotebookRenderer.Visstd(new RgbImage(2, 1, [0, 0, 0, 0, 0, 100])).Pixels, v => Assert.InRange(v, 0f, 255f));
    }
}
