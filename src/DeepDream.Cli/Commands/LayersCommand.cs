using System.CommandLine;
using DeepDream.Models;
using DeepDream.Runtime;
using Spectre.Console;

namespace DeepDream.Cli.Commands;

/// <summary>`deepdream layers`: what a user can dream on, with channels and size at 224x224.</summary>
static class LayersCommand
{
    const int ProbeSize = 224;

    public static Command Create()
    {
        var model = CommonOptions.Model();
        var json = CommonOptions.Json();
        var command = new Command("layers", $"list the layers of a model, with channels and spatial size at {ProbeSize}x{ProbeSize}") { model, json };
        command.SetAction(parsed => Run(parsed.GetValue(model)!, parsed.GetValue(json)));
        return command;
    }

    static int Run(string modelName, bool json)
    {
        var model = ModelCatalog.Load(modelName);
        var shapes = ShapeInference.Infer(model.ForImage(ProbeSize, ProbeSize));
        var layers = model.Layers
            .Select(l => shapes[l.Tensor] is var s ? new { name = l.Name, channels = s[1], height = s.Length > 2 ? s[2] : 1, width = s.Length > 3 ? s[3] : 1, onlyAtDeclaredSize = model.FixedSize.Contains(l.Tensor) } : null!)
            .ToList();
        if (json)
        {
            Json.Print(new { model = model.Name, layers, convolutionLayers = model.Convolutions?.Layers, featureChannels = model.Convolutions?.Channels });
            return 0;
        }
        var table = new Table().AddColumns("layer", "channels", "size");
        foreach (var l in layers) table.AddRow(l.name, l.channels.ToString(), $"{l.width}x{l.height}" + (l.onlyAtDeclaredSize ? $" (only at {model.DeclaredSize}x{model.DeclaredSize} input)" : ""));
        AnsiConsole.Write(table);
        if (model.Convolutions is var (count, channels))
        {
            Console.Out.WriteLine($"Number of layers: {count}");
            Console.Out.WriteLine($"Total number of feature channels: {channels}");
        }
        Console.Out.WriteLine($"Presets: {string.Join(", ", model.Presets.Select(p => $"{p.Key} = {p.Value}"))}; default layer: {model.DefaultLayer}");
        return 0;
    }
}
