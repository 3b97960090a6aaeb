using System.CommandLine;
using DeepDream.Dreaming;
using DeepDream.Imaging;
using DeepDream.Visualization;

namespace DeepDream.Cli.Commands;

/// <summary>`deepdream visualize --layer L --channel C -o OUT.png`: what a channel (or neuron, or layer) responds to, rendered from noise.</summary>
static class VisualizeCommand
{
    public static Command Create() => PictureCommand.Create<VisualizeOptions>("visualize",
        "render what a layer, channel or neuron responds to, starting from noise (feature visualization)", null, "where to write the picture (.png, .jpg, .webp)",
        (run, options, cancel) => Run(options, run.Output, run.Quiet, run.Json, cancel));

    static int Run(VisualizeOptions options, string output, bool quiet, bool json, CancellationToken cancel)
    {
        ImageFile.CheckWritable(output);
        using var visualizer = new Visualizer(options);
        var result = ProgressBar.Run<RenderProgress, VisualizationResult>(quiet,
            p => ($"{options.Renderer.Name()}: step {p.Step}/{p.Steps}", (double)p.Step / p.Steps),
            progress => visualizer.Render(progress, cancel));
        ImageFile.Write(result.Image, output);
        if (json)
            Json.Print(new
            {
                model = result.Model,
                layer = result.Layer,
                channel = result.Channel,
                neuron = result.Neuron,
                negative = result.Negative,
                renderer = result.Renderer.Name(),
                size = result.Size,
                output = new { path = output, width = result.Image.Width, height = result.Image.Height },
                seed = result.Seed,
                objective = new { start = result.ObjectiveStart, end = result.ObjectiveEnd },
                seconds = result.Seconds,
            });
        else if (!quiet)
            Console.Error.WriteLine($"wrote {output} ({result.Image.Width}x{result.Image.Height}, {result.Model} {result.Layer}, {result.Renderer.Name()}, seed {result.Seed}, objective {result.ObjectiveStart:0.###} → {result.ObjectiveEnd:0.###}, {result.Seconds:0.0} s)");
        return 0;
    }
}
