using System.CommandLine;
using DeepDream.Dreaming;
using DeepDream.Imaging;
using DeepDream.Visualization;

namespace DeepDream.Cli.Commands;

/// <summary>`deepdream visualize --layer L --channel C -o OUT.png`: what a channel (or neuron, or layer) responds to, rendered from noise.</summary>
static class VisualizeCommand
{
    public static Command Create()
    {
        var set = new VisualizeOptionSet();
        var channel = CommonOptions.Ranged(VisualizeOptions.Ranges.Channel, "visualize one feature channel of the layer (its mean)");
        var neuron = CommonOptions.Ranged(VisualizeOptions.Ranges.Neuron, "visualize one channel's unit at the centre of the layer");
        var objective = new Option<string?>(OptionName.Cli(nameof(VisualizeOptions.Objective))) { Description = "visualize an objective over layers instead, e.g. \"layer3[5] + 0.5*layer4.0[9]\"" };
        var negative = new Option<bool>("--negative") { Description = "maximize the negative of the objective: what the channel dislikes" };
        var output = new Option<string>("--output", "-o") { Description = "where to write the picture (.png, .jpg, .webp)", Required = true };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "no progress bar" };
        var json = CommonOptions.Json();
        channel.Aliases.Add("-c");
        var command = new Command("visualize", "render what a layer, channel or neuron responds to, starting from noise (feature visualization)")
            { channel, neuron, objective, negative, output, quiet, json };
        set.AddTo(command);
        command.SetAction((parsed, cancel) =>
        {
            var options = VisualizeOptionSet.Checked(set.Read(parsed) with
            {
                Channel = parsed.GetValue(channel),
                Neuron = parsed.GetValue(neuron),
                Objective = parsed.GetValue(objective),
                Negative = parsed.GetValue(negative),
            });
            return Task.FromResult(Run(options, parsed.GetValue(output)!, parsed.GetValue(quiet) || parsed.GetValue(json), parsed.GetValue(json), cancel));
        });
        return command;
    }

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

/// <summary>The options visualize and sheet share; their rules are <see cref="VisualizeOptions"/>'.</summary>
sealed class VisualizeOptionSet
{
    static readonly VisualizeOptions Defaults = new();

    readonly Option<string> model = CommonOptions.Model();
    readonly Option<string?> layer = new(OptionName.Cli(nameof(VisualizeOptions.Layer)), "-l") { Description = "a layer name or a preset: edges, textures, patterns, parts, objects (default: the model's)" };
    readonly Option<RendererKind> renderer = CommonOptions.Choice(OptionName.Cli(nameof(VisualizeOptions.Renderer)),
        "naive, multiscale, lapnorm (the TensorFlow notebook's) or fourier (Lucid's)", Defaults.Renderer);
    readonly Option<int?> size = CommonOptions.Ranged(VisualizeOptions.Ranges.Size, $"side of the start image (default: {PerRenderer(d => d.Size)})");
    readonly Option<int?> iterations = CommonOptions.Ranged(VisualizeOptions.Ranges.Iterations, $"steps, per octave for multiscale and lapnorm (default: {PerRenderer(d => d.Iterations)}; in a sheet {PerRenderer(d => d.SheetIterations)})");
    readonly Option<int?> octaves = CommonOptions.Ranged(VisualizeOptions.Ranges.Octaves, $"multiscale and lapnorm: scales, each {RendererDefaults.OctaveScale}x the one before (default: {RendererDefaults.For(RendererKind.Lapnorm).Octaves})");
    readonly Option<double?> step = CommonOptions.Ranged(VisualizeOptions.Ranges.Step, $"step size; for fourier, Adam's learning rate (default: {PerRenderer(d => d.Step)})");
    readonly Option<int?> seed = new(OptionName.Cli(nameof(VisualizeOptions.Seed))) { Description = "same seed and options give the same picture" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { model, layer, renderer, size, iterations, octaves, step, seed })
            command.Options.Add(option);
    }

    public VisualizeOptions Read(ParseResult parsed) => new()
    {
        Model = parsed.GetValue(model)!,
        Layer = parsed.GetValue(layer),
        Renderer = parsed.GetValue(renderer),
        Size = parsed.GetValue(size),
        Iterations = parsed.GetValue(iterations),
        Octaves = parsed.GetValue(octaves),
        Step = parsed.GetValue(step),
        Seed = parsed.GetValue(seed),
    };

    /// <summary>The options, validated: options that do not fit together are a usage error.</summary>
    public static VisualizeOptions Checked(VisualizeOptions options)
    {
        try
        {
            options.Validate();
            return options;
        }
        catch (DeepDreamException e)
        {
            throw new UsageException(e.Message);
        }
    }

    static string PerRenderer<T>(Func<RendererDefaults, T> setting) =>
        string.Join(", ", Enum.GetValues<RendererKind>().Select(k => $"{Convert.ToString(setting(RendererDefaults.For(k)), System.Globalization.CultureInfo.InvariantCulture)} {k.Name()}"));
}
