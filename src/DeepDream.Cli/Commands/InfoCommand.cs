using System.CommandLine;
using System.Text.Json;
using DeepDream.Dreaming;
using DeepDream.Imaging;

namespace DeepDream.Cli.Commands;

/// <summary>`deepdream info FILE.png`: the parameters a dream was made with.</summary>
static class InfoCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "a PNG written by deepdream" };
        var json = CommonOptions.Json();
        var command = new Command("info", "print the parameters stored in a dream's PNG metadata") { file, json };
        command.SetAction(parsed => Run(parsed.GetValue(file)!, parsed.GetValue(json)));
        return command;
    }

    static int Run(string path, bool json)
    {
        var text = PngText.Read(path);
        if (!text.TryGetValue(DreamParameters.Key, out var stored))
            throw new DeepDreamException($"'{path}' carries no deepdream parameters; it was not written by 'deepdream dream'");
        var parameters = JsonSerializer.Deserialize<DreamParameters>(stored)
            ?? throw new DeepDreamException($"'{path}' has unreadable deepdream parameters");
        if (json)
        {
            Json.Print(parameters);
            return 0;
        }
        foreach (var property in typeof(DreamParameters).GetProperties(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public))
            Console.Out.WriteLine($"{property.Name,-12} {property.GetValue(parameters)?.ToString() ?? "-"}");
        Console.Out.WriteLine($"repeat with: {parameters.CommandLine("INPUT", "OUTPUT")}");
        return 0;
    }
}
