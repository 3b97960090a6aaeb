using System.CommandLine;
using DeepDream.Dreaming;
using DeepDream.Imaging;
using DeepDream.Visualization;

namespace DeepDream.Cli.Commands;

/// <summary>`deepdream looks PHOTO -o SHEET.jpg`: the photo dreamed through every look (or the given layers), side by side.</summary>
static class LooksCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "the photo to dream on" };
        var output = new Option<string>("--output", "-o") { Description = "the sheet (.png, .jpg, .webp)", Required = true };
        var layers = new Option<string?>("--layers") { Description = "layers or looks to compare, comma-separated (default: edges, textures, patterns, parts, objects)" };
        var maxSize = CommonOptions.Ranged(DreamOptions.Ranges.MaxSize, "scale the photo so its longer side is at most this", LooksSheet.PhotoSize);
        var quiet = new Option<bool>("--quiet", "-q") { Description = "no progress bar" };
        var json = CommonOptions.Json();
        var dream = new DreamOptionSet();
        var command = new Command("looks", "dream one photo through every look (or the given layers) and lay the dreams side by side") { input, output, layers, maxSize, quiet, json };
        dream.AddTo(command);
        command.SetAction(parsed =>
        {
            var options = dream.Read(parsed);
            var outputPath = parsed.GetValue(output)!;
            ImageFile.CheckWritable(outputPath);
            var photo = ImageFile.Read(parsed.GetValue(input)!, parsed.GetValue(maxSize));
            var names = parsed.GetValue(layers)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (names is { Length: 0 }) throw new UsageException("--layers names no layer; write them like 'layer2,layer3,layer4.0'");
            var result = ProgressBar.Run<LooksProgress, LooksResult>(parsed.GetValue(quiet) || parsed.GetValue(json),
                p => ($"{p.Label} ({p.Done + 1}/{p.Count})", p.Fraction),
                progress => LooksSheet.Render(photo, options, names, progress));
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
