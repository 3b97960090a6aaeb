using System.CommandLine;
using DeepDream.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace DeepDream.Cli.Commands;

/// <summary>`deepdream worker`: a machine that runs a studio's jobs, taken from the shared database; no page, no API.</summary>
static class WorkerCommand
{
    public static Command Create()
    {
        var node = new JobNodeOptions(1, "jobs run at once on this machine (default 1: a dream already uses every core)");
        var health = new Option<string?>("--health") { Description = "serve /healthz and /metrics here, e.g. http://0.0.0.0:9100 (default: no HTTP at all)" };
        var command = new Command("worker", "run jobs of a studio spread over machines: takes them from the --store database that the serve nodes queue them in") { health };
        node.AddTo(command);
        command.SetAction(async (parsed, cancel) =>
        {
            var options = node.Read(parsed);
            if (node.Printing(parsed)) return node.WriteUnit(parsed, "worker", needsStore: true);
            if (options.Store is null) throw new UsageException("a worker takes its jobs from a shared database: give --store postgres://user:password@host:5432/db or set DEEPDREAM_STORE");
            static string Served(IHost worker) => worker is WebApplication web ? $", /healthz and /metrics on {string.Join(", ", web.Urls)}" : "";
            return await JobNodeOptions.RunAsync(() => StudioApp.CreateWorker(options, parsed.GetValue(health)),
                worker => $"deepdream worker: {options.Workers} worker(s) taking jobs from the --store database{Served(worker)}; Ctrl+C hands the running job back and stops", cancel);
        });
        return command;
    }
}
