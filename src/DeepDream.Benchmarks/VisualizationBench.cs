using DeepDream.Visualization;

namespace DeepDream.Benchmarks;

/// <summary>
/// Feature visualization's speed on ResNet18 layer3 with the default renderer: one 224x224 channel with
/// the renderer's steps (64 in a quick run, which must stay under a minute), and a sheet of 64 channels
/// at 128 pixels (full runs only: minutes).
/// </summary>
/// <param name="Iterations">Steps of the single visualization.</param>
/// <param name="SheetIterations">Steps per channel of the sheet.</param>
public sealed record VisualizationBench(string Renderer, int Iterations, double Visualize224Seconds, int SheetIterations, double? Sheet64Seconds)
{
    const string Layer = "layer3";
    const int QuickIterations = 64;

    public static VisualizationBench Measure(bool quick, Action<string> log)
    {
        var options = new VisualizeOptions { Layer = Layer, Channel = 0, Size = 224, Seed = 1 };
        var defaults = RendererDefaults.For(options.Renderer);
        var iterations = quick ? QuickIterations : defaults.Iterations;
        log($"a 224x224 feature visualization ({options.Renderer.Name()}, {iterations} steps, resnet18 {Layer})...");
        using var visualizer = new Visualizer(options with { Iterations = iterations });
        var single = visualizer.Render().Seconds;
        double? sheet = null;
        if (!quick)
        {
            log($"a 64-channel sheet of resnet18 {Layer} at 128x128...");
            sheet = ChannelSheet.Render(new SheetOptions { Visualize = options with { Channel = null, Size = 128 }, Channels = new ChannelRange(0, 63) }).Seconds;
        }
        return new VisualizationBench(options.Renderer.Name(), iterations, single, defaults.SheetIterations, sheet);
    }
}
