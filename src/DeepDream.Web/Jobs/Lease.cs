using System.Data.Common;
using Microsoft.Extensions.Logging;

namespace DeepDream.Web.Jobs;

/// <summary>
/// A worker's hold on the job it runs: renewed by a heartbeat while the job runs, and the job's work cancelled
/// as soon as the store says the job is no longer this worker's (cancelled from any node, or taken over by
/// another worker after this one was out of touch longer than the lease). While the database cannot be
/// reached the work goes on: the lease is the time it has to come back.
/// </summary>
public sealed class Lease : IDisposable
{
    readonly IJobStore store;
    readonly string id, worker;
    readonly TimeSpan length;
    readonly CancellationTokenSource work;
    readonly ILogger log;
    readonly Timer heartbeat;

    public Lease(IJobStore store, string id, string worker, TimeSpan length, CancellationTokenSource work, ILogger log)
    {
        (this.store, this.id, this.worker, this.length, this.work, this.log) = (store, id, worker, length, work, log);
        var beat = Beat(length);
        heartbeat = new Timer(_ => Renew(), null, beat, beat);
    }

    /// <summary>How often a lease is renewed: a few times in its length, and often enough that a cancel from another node lands within two seconds.</summary>
    public static TimeSpan Beat(TimeSpan length) => TimeSpan.FromTicks(Math.Min(length.Ticks / 3, TimeSpan.FromSeconds(2).Ticks));

    /// <summary>True once the store said the job is no longer this worker's.</summary>
    public bool Lost { get; private set; }

    void Renew()
    {
        try
        {
            if (Lost || store.Renew(id, worker, length)) return;
            Lost = true;
            work.Cancel();
        }
        catch (DbException e) { log.LogWarning("cannot renew the lease of job {Id}: {Message}", id, e.Message); }
        catch (ObjectDisposedException) { }
    }

    public void Dispose() => heartbeat.Dispose();
}
