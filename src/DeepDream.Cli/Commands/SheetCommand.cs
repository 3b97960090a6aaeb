using System.CommandLine;
using DeepDream.Imaging;
using DeepDream.Visualization;

namespace DeepDream.Cli.Commands;

/// <summary>`deepdream sheet --layer L -o SHEET.png`: every channel of a layer visualized, in one labelled grid.</summary>
static class SheetCommand
{
    public static Command Create() => PictureCommand.Create<SheetOptions>("sheet",
        "visualize every channel of a layer (or a range) and tile them into one labelled sheet", null, "where to write the sheet (.png, .jpg, .webp)",
        (run, options, cancel) => Run(options, run.Output, run.Quiet, run.Json, cancel), new RequestOptions<SheetOptions>(except: [.. SheetOptions.TileChoices]));

    static int Run(SheetOptions options, string output, bool quiet, bool json, CancellationToken cancel)
    {
        ImageFile.CheckWritable(output);
        var result = ProgressBar.Run<SheetProgress, SheetResult>(quiet,
            p => ($"channel {p.Channel} ({p.Done + 1}/{p.Count})", p.Fraction),
            progress => ChannelSheet.Render(options, progress, cancel));
        ImageFile.Write(result.Image, output);
        if (json)
            Json.Print(new
            {
                model = result.Model,
                layer = result.Layer,
                renderer = result.Renderer.Name(),
                size = result.Size,
                seed = result.Seed,
                output = new { path = output, width = result.Image.Width, height = result.Image.Height },
                channels = result.Channels.Select(c => new { channel = c.Channel, objective = new { start = c.ObjectiveStart, end = c.ObjectiveEnd } }),
                seconds = result.Seconds,
            });
        else if (!quiet)
            Console.Error.WriteLine($"wrote {output} ({result.Channels.Count} channels of {result.Model} {result.Layer}, {result.Renderer.Name()}, seed {result.Seed}, {result.Seconds:0} s)");
        return 0;
    }
}
