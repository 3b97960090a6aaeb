using System.CommandLine;
using DeepDream.Web;
using Microsoft.Extensions.Hosting;

namespace DeepDream.Cli.Commands;

/// <summary>`deepdream serve`: the web studio on this machine.</summary>
static class ServeCommand
{
    static readonly StudioOptions Defaults = new();

    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = $"where to listen (default {Defaults.Urls}: this machine only)", DefaultValueFactory = _ => Defaults.Urls };
        var data = new Option<string>("--data") { Description = "where jobs and their files are kept (default next to the models)", DefaultValueFactory = _ => Defaults.DataFolder };
        var workers = new Option<int>("--workers") { Description = "jobs run at once (default 1: a dream already uses every core)", DefaultValueFactory = _ => Defaults.Workers };
        workers.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 16) r.AddError("--workers must be between 1 and 16"); });
        var command = new Command("serve", "run the web studio: upload, choose a look, watch it dream, download") { urls, data, workers };
        command.SetAction(async (parsed, cancel) =>
        {
            var options = Defaults with { Urls = parsed.GetValue(urls)!, DataFolder = parsed.GetValue(data)!, Workers = parsed.GetValue(workers) };
            await using var app = StudioApp.Create(options);
            await app.StartAsync(cancel);
            Console.Error.WriteLine($"deepdream studio on {string.Join(", ", app.Urls)} (jobs in {Path.GetFullPath(options.DataFolder)}); Ctrl+C stops it");
            await app.WaitForShutdownAsync(cancel);
            return 0;
        });
        return command;
    }
}
