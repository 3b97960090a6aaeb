using System.CommandLine;
using DeepDream.Requests;
using DeepDream.Runtime;

namespace DeepDream.Cli.Commands;

/// <summary>What every command that writes one picture shares (dream, looks, visualize, sheet): its input photo if any, -o, --quiet, --json, its request's options.</summary>
static class PictureCommand
{
    /// <param name="Input">Null for a command that takes no photo.</param>
    /// <param name="Quiet">No progress bar and no closing line: asked for, or implied by --json.</param>
    /// <param name="Engine">What runs the network, for commands that take --engine.</param>
    public sealed record Values(string? Input, string Output, bool Quiet, bool Json, ComputeEngine Engine);

    /// <param name="input">What the input photo is, in the help; null: the command takes none.</param>
    /// <param name="output">What -o names, in the help.</param>
    /// <param name="request">The request's options, if not all of them (a sheet chooses its tiles' channels).</param>
    /// <param name="checkRules">Options that break a rule between them are a usage error (exit 2); false: <paramref name="run"/> checks them.</param>
    /// <param name="engine">Whether the command takes --engine.</param>
    public static Command Create<T>(string name, string description, string? input, string output, Func<Values, T, CancellationToken, int> run,
        RequestOptions<T>? request = null, bool checkRules = true, bool engine = false) where T : IOptions, new()
    {
        var engineOption = engine ? CommonOptions.Engine() : null;
        var photo = input is null ? null : new Argument<string>("input") { Description = input };
        var outputPath = new Option<string>("--output", "-o") { Description = output, Required = true };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "no progress bar" };
        var json = CommonOptions.Json();
        request ??= new RequestOptions<T>();
        var command = new Command(name, description) { outputPath, quiet, json };
        if (photo is not null) command.Arguments.Add(photo);
        if (engineOption is not null) command.Options.Add(engineOption);
        request.AddTo(command);
        command.SetAction((parsed, cancel) =>
        {
            var values = new Values(photo is null ? null : parsed.GetValue(photo), parsed.GetValue(outputPath)!, parsed.GetValue(quiet) || parsed.GetValue(json), parsed.GetValue(json),
                engineOption is null ? ComputeEngine.Auto : parsed.GetValue(engineOption));
            return Task.FromResult(run(values, checkRules ? request.ReadChecked(parsed) : request.Read(parsed), cancel));
        });
        return command;
    }
}
