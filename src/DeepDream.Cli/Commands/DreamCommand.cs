using System.CommandLine;
using DeepDream.Dreaming;
using DeepDream.Dreaming.Objectives;
using DeepDream.Models;
using DeepDream.Imaging;
using DeepDream.Requests;
using DeepDream.Runtime;

namespace DeepDream.Cli.Commands;

/// <summary>`deepdream dream INPUT -o OUTPUT`: one photo in, one dream out.</summary>
static class DreamCommand
{
    // Options that do not fit together exit 1, as bad input does, after the input and output are checked.
    public static Command Create() => PictureCommand.Create<DreamRequest>("dream", "turn a photo into a DeepDream",
        "the photo to dream on (JPEG, PNG, WebP, BMP, GIF)", "where to write the dream (.png, .jpg, .webp)", Run, checkRules: false, engine: true);

    static int Run(PictureCommand.Values run, DreamRequest request, CancellationToken cancel)
    {
        var (inputPath, outputPath, quiet, json) = (run.Input!, run.Output, run.Quiet, run.Json);
        var (options, maxSize) = (request.Dream, request.MaxSize);
        ImageFile.CheckWritable(outputPath);
        var image = ImageFile.Read(inputPath, maxSize);
        var model = ModelCatalog.Load(options.Model);
        request.Validate();
        // One session at a time, as a Dreamer keeps by itself: peak memory stays the largest octave's.
        using var sessions = new SessionCache(capacity: 1) { Engine = run.Engine };
        using var dreamer = new Dreamer(DreamPlan.Resolve(model, options, image), sessions);
        var result = ProgressBar.Run<DreamProgress, DreamResult>(quiet,
            p => ($"dreaming: octave {p.Octave}/{p.Octaves}, step {p.Iteration}/{p.Iterations}", p.Fraction),
            progress => dreamer.Dream(image, progress, cancel));

        ImageFile.Write(result.Image, outputPath, DreamParameters.From(options, result, maxSize).PngText());

        if (json)
            Json.Print(new
            {
                model = result.Model,
                layer = options.Objective is null ? result.Layer : null,
                objectiveExpression = options.Objective,
                channel = result.Channel,
                seed = result.Seed,
                input = new { path = inputPath, width = image.Width, height = image.Height },
                output = new { path = outputPath, width = result.Image.Width, height = result.Image.Height },
                objective = new { input = result.ObjectiveInput, output = result.ObjectiveOutput },
                octaves = result.Octaves.Select(o => new { width = o.Width, height = o.Height, objectiveStart = o.ObjectiveStart, objectiveEnd = o.ObjectiveEnd, seconds = o.Seconds }),
                seconds = result.Seconds,
            });
        else if (!quiet)
            Console.Error.WriteLine($"wrote {outputPath} ({result.Image.Width}x{result.Image.Height}, {result.Model} {result.Layer}, seed {result.Seed}, objective {result.ObjectiveInput:0.###} → {result.ObjectiveOutput:0.###}, {result.Seconds:0.0} s)");
        return 0;
    }
}
