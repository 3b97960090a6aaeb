using System.CommandLine;
using System.Data.Common;
using DeepDream.Web;
using DeepDream.Web.Jobs;
using Microsoft.Extensions.Hosting;

namespace DeepDream.Cli.Commands;

/// <summary>
/// The options every node of a studio takes (serve and worker): where jobs are kept, how many run here, how long a hold lasts,
/// how often a job may take its worker down.
/// </summary>
sealed class JobNodeOptions
{
    static readonly StudioOptions Defaults = new();

    /// <summary>Where --store comes from when it is not given: a service's environment file, off its command line.</summary>
    public const string StoreVariable = "DEEPDREAM_STORE";

    public Option<string?> Store { get; } = new("--store")
    {
        Description = "a PostgreSQL database that nodes on many machines share: postgres://user:password@host:5432/db or an Npgsql connection string "
            + "(default: $DEEPDREAM_STORE, which keeps the password off the command line; else SQLite in the data folder, this machine only)",
        DefaultValueFactory = _ => CommonOptions.FromEnvironment(StoreVariable),
    };

    public Option<string> Data { get; } = new("--data") { Description = "where jobs and their files are kept (default next to the models; with --store, a working folder)", DefaultValueFactory = _ => Defaults.DataFolder };

    public Option<int> Workers { get; }

    public Option<double> Lease { get; } = new("--lease")
    {
        Description = $"seconds a worker holds a job between heartbeats: how soon a dead worker's job goes to another (default {Defaults.Lease.TotalSeconds})",
        DefaultValueFactory = _ => Defaults.Lease.TotalSeconds,
    };

    public Option<int> MaxCrashes { get; } = new("--max-crashes")
    {
        Description = $"times a job's worker may die while running it (perhaps out of memory) before the job is failed, not tried again (default {Defaults.MaxCrashes})",
        DefaultValueFactory = _ => Defaults.MaxCrashes,
    };

    public Option<bool> PrintUnit { get; } = SystemdUnit.Option();

    public JobNodeOptions(int minWorkers, string workersDescription)
    {
        Workers = new("--workers") { Description = workersDescription, DefaultValueFactory = _ => Defaults.Workers };
        Workers.Validators.Add(r => { if (r.GetValueOrDefault<int>() < minWorkers || r.GetValueOrDefault<int>() > 16) r.AddError($"--workers must be between {minWorkers} and 16"); });
        Lease.Validators.Add(r => { if (r.GetValueOrDefault<double>() is < 1 or > 3600) r.AddError("--lease must be between 1 and 3600 seconds"); });
        MaxCrashes.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 100) r.AddError("--max-crashes must be between 1 and 100"); });
    }

    public void AddTo(Command command)
    {
        command.Add(Store);
        command.Add(Data);
        command.Add(Workers);
        command.Add(Lease);
        command.Add(MaxCrashes);
        command.Add(PrintUnit);
    }

    /// <summary>Whether the command prints its systemd unit rather than running: then the store comes from the unit's environment file.</summary>
    /// <param name="secrets">The command's own secrets beside the store's address.</param>
    public bool Printing(ParseResult parsed, params SystemdUnit.Secret[] secrets) =>
        SystemdUnit.Printing(parsed, PrintUnit, [new(Store, StoreVariable), .. secrets]);

    /// <inheritdoc cref="SystemdUnit.Write"/>
    /// <param name="needsStore">Whether the node needs the shared database whatever this machine's environment says (an API node, a worker).</param>
    /// <param name="paths">The command's own options that name files or folders, beside --data.</param>
    /// <param name="writable">Of those, the folders it writes.</param>
    public int WriteUnit(ParseResult parsed, string what, bool needsStore, Option[]? paths = null, Option[]? writable = null) =>
        // Printing refuses an explicit --store, so a store here came from DEEPDREAM_STORE: the unit's file must give it too.
        SystemdUnit.Write(parsed, PrintUnit, what, needsStore || parsed.GetValue(Store) is not null, [Data, .. paths ?? []], [Data, .. writable ?? []]);

    public StudioOptions Read(ParseResult parsed) => Defaults with
    {
        Store = parsed.GetValue(Store), DataFolder = parsed.GetValue(Data)!, Workers = parsed.GetValue(Workers), Lease = TimeSpan.FromSeconds(parsed.GetValue(Lease)),
        MaxCrashes = parsed.GetValue(MaxCrashes),
    };

    /// <summary>Makes a node and runs it until Ctrl+C or SIGTERM; a database it cannot reach at the start is one line, not a stack trace.</summary>
    public static async Task<int> RunAsync<T>(Func<T> create, Func<T, string> started, CancellationToken cancel) where T : IHost
    {
        T node;
        try { node = create(); }
        catch (DbException e)
        {
            throw new DeepDreamException(JobStorage.Unreachable(e, "check --store and that PostgreSQL runs"));
        }
        using (node)
        {
            await node.StartAsync(cancel);
            Console.Error.WriteLine(started(node));
            await node.WaitForShutdownAsync(cancel);
        }
        return 0;
    }
}
