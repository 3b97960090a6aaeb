using System.CommandLine;
using DeepDream.Dreaming;
using DeepDream.Imaging;
using DeepDream.Requests;
using DeepDream.Visualization;

namespace DeepDream.Cli.Commands;

/// <summary>`deepdream looks PHOTO -o SHEET.jpg`: the photo dreamed through every look (or the given layers), side by side.</summary>
static class LooksCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "the photo to dream on" };
        var output = new Option<string>("--output", "-o") { Description = "the sheet (.png, .jpg, .webp)", Required = true };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "no progress bar" };
        var json = CommonOptions.Json();
        var looks = new RequestOptions<LooksRequest>();
        var command = new Command("looks", "dream one photo through every look (or the given layers) and lay the dreams side by side") { input, output, quiet, json };
        looks.AddTo(command);
        command.SetAction(parsed =>
        {
            var request = looks.ReadChecked(parsed);
            var outputPath = parsed.GetValue(output)!;
            ImageFile.CheckWritable(outputPath);
            var photo = ImageFile.Read(parsed.GetValue(input)!, request.MaxSize);
            var result = ProgressBar.Run<LooksProgress, LooksResult>(parsed.GetValue(quiet) || parsed.GetValue(json),
                p => ($"{p.Label} ({p.Done + 1}/{p.Count})", p.Fraction),
                progress => LooksSheet.Render(photo, request.Dream, request.Layers, progress));
            ImageFile.Write(result.Image, outputPath);
            if (parsed.GetValue(json))
                Json.Print(new
                {
                    model = result.Model,
                    output = new { path = outputPath, width = result.Image.Width, height = result.Image.Height },
                    looks = result.Looks.Select(l => new { label = l.Label, layer = l.Layer, objective = new { input = l.ObjectiveInput, output = l.ObjectiveOutput } }),
                    seed = result.Seed,
                    seconds = result.Seconds,
                });
            else if (!parsed.GetValue(quiet))
                Console.Error.WriteLine($"wrote {outputPath} ({result.Looks.Count} looks of {result.Model}, seed {result.Seed}, {result.Seconds:0} s)");
            return 0;
        });
        return command;
    }
}
