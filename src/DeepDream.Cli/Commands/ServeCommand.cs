using System.CommandLine;
using DeepDream.Web;

namespace DeepDream.Cli.Commands;

/// <summary>`deepdream serve`: the web studio on this machine, or an API node of a studio spread over many.</summary>
static class ServeCommand
{
    static readonly StudioOptions Defaults = new();

    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = $"where to listen (default {Defaults.Urls}: this machine only)", DefaultValueFactory = _ => Defaults.Urls };
        var node = new JobNodeOptions(0, "jobs run at once on this machine (default 1: a dream already uses every core; 0 with --store: an API node, workers elsewhere)");
        var uploads = new Option<int>("--uploads-per-minute") { Description = $"jobs one client may queue a minute (default {Defaults.UploadsPerMinute}; 0: no limit)", DefaultValueFactory = _ => Defaults.UploadsPerMinute };
        uploads.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 0) r.AddError("--uploads-per-minute must be 0 or more"); });
        var command = new Command("serve", "run the web studio: upload, choose a look, watch it dream, download") { urls, uploads };
        node.AddTo(command);
        command.SetAction(async (parsed, cancel) =>
        {
            var options = node.Read(parsed) with { Urls = parsed.GetValue(urls)!, UploadsPerMinute = parsed.GetValue(uploads) };
            if (options.Workers == 0 && options.Store is null)
                throw new UsageException("--workers 0 makes an API node, whose jobs workers elsewhere run: give them a shared --store");
            var where = options.Store is null ? $"jobs in {Path.GetFullPath(options.DataFolder)}" : $"jobs in the --store database, {options.Workers} worker(s) here";
            return await JobNodeOptions.RunAsync(() => StudioApp.Create(options), app => $"deepdream studio on {string.Join(", ", app.Urls)} ({where}); Ctrl+C stops it", cancel);
        });
        return command;
    }
}
