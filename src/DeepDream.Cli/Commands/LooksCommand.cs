using System.CommandLine;
using DeepDream.Dreaming;
using DeepDream.Imaging;
using DeepDream.Requests;
using DeepDream.Visualization;

namespace DeepDream.Cli.Commands;

/// <summary>`deepdream looks PHOTO -o SHEET.jpg`: the photo dreamed through every look (or the given layers), side by side.</summary>
static class LooksCommand
{
    public static Command Create() => PictureCommand.Create<LooksRequest>("looks", "dream one photo through every look (or the given layers) and lay the dreams side by side",
        "the photo to dream on", "the sheet (.png, .jpg, .webp)", Run);

    static int Run(PictureCommand.Values run, LooksRequest request, CancellationToken cancel)
    {
        var outputPath = run.Output;
        ImageFile.CheckWritable(outputPath);
        var photo = ImageFile.Read(run.Input!, request.MaxSize);
        var result = ProgressBar.Run<LooksProgress, LooksResult>(run.Quiet,
            p => ($"{p.Label} ({p.Done + 1}/{p.Count})", p.Fraction),
            progress => LooksSheet.Render(photo, request.Dream, request.Layers, progress, cancel));
        ImageFile.Write(result.Image, outputPath);
        if (run.Json)
            Json.Print(new
            {
                model = result.Model,
                output = new { path = outputPath, width = result.Image.Width, height = result.Image.Height },
                looks = result.Looks.Select(l => new { label = l.Label, layer = l.Layer, objective = new { input = l.ObjectiveInput, output = l.ObjectiveOutput } }),
                seed = result.Seed,
                seconds = result.Seconds,
            });
        else if (!run.Quiet)
            Console.Error.WriteLine($"wrote {outputPath} ({result.Looks.Count} looks of {result.Model}, seed {result.Seed}, {result.Seconds:0} s)");
        return 0;
    }
}
