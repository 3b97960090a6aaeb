using System.Collections.Concurrent;
using System.Data.Common;
using DeepDream.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DeepDream.Web.Jobs;

/// <summary>
/// Runs queued jobs on a bounded pool of workers (one by default: a dream already uses every core),
/// oldest first, and publishes their progress. Each job is held by a <see cref="Lease"/>; cancelling it
/// (here or on any node) stops it between steps. A stopping worker hands its job back to the queue, to be
/// continued from its stored frames; a worker that dies loses it when the lease runs out.
/// </summary>
public sealed class JobRunner(IJobStore store, IJobFiles files, JobFolders folders, JobHandlers handlers, IProgressBoard board, StudioOptions options,
    ILogger<JobRunner> log) : BackgroundService
{
    /// <summary>This process among the studio's workers (in the store, who holds which job).</summary>
    static readonly string Process = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..6]}";

    readonly ConcurrentDictionary<string, CancellationTokenSource> running = new();
    readonly SemaphoreSlim wake = new(0);

    /// <summary>Tells an idle worker that a job is waiting.</summary>
    public void Notify() => wake.Release();

    /// <summary>Stops a job if it runs here (it will be marked cancelled, not failed); elsewhere its lease's heartbeat finds out.</summary>
    public void Cancel(string id)
    {
        if (running.TryGetValue(id, out var cancel)) cancel.Cancel();
    }

    protected override Task ExecuteAsync(CancellationToken stopping) =>
        Task.WhenAll(Enumerable.Range(0, options.Workers).Select(n => Task.Run(() => Work($"{Process}/{n}", stopping), stopping)));

    async Task Work(string worker, CancellationToken stopping)
    {
        using var sessions = new SessionCache();
        while (!stopping.IsCancellationRequested)
        {
            Job? job;
            try { job = store.ClaimNext(worker, options.Lease); }
            catch (DbException e)
            {
                // A busy or unreachable database must not kill the worker: it waits and tries again.
                log.LogWarning("cannot take the next job: {Message}", e.Message);
                job = null;
            }
            if (job is null)
            {
                try { await wake.WaitAsync(TimeSpan.FromSeconds(1), stopping); }
                catch (OperationCanceledException) { return; }
                continue;
            }
            await RunHeld(job, worker, sessions, stopping);
        }
    }

    async Task RunHeld(Job job, string worker, SessionCache sessions, CancellationToken stopping)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        using var lease = new Lease(store, job.Id, worker, options.Lease, cancel, log);
        running[job.Id] = cancel;
        try
        {
            if (!await Durably(() => files.Pull(job.Id), job.Id))
            {
                await Durably(() => store.Release(job.Id, worker), job.Id);
                return;
            }
            var result = Run(job, sessions, cancel.Token);
            // A result that could not be kept is not recorded: the job's lease runs out and it runs again.
            if (await Durably(() => files.Push(job.Id), job.Id))
                await Durably(() => store.Complete(job.Id, worker, JobStatus.Done, result: result), job.Id);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping: the job goes back to the queue, and another worker (or this one, restarted) continues it from what it stored.
            await Durably(() => store.Release(job.Id, worker), job.Id);
        }
        catch (OperationCanceledException)
        {
            // Cancelled by a user (already marked), or taken over by another worker: only a job still held is marked.
            await Durably(() => store.Complete(job.Id, worker, JobStatus.Cancelled), job.Id);
        }
        catch (DeepDreamException e)
        {
            // Messages name files by their place on this server ("ffmpeg stopped decoding '/srv/…/input.clip'"); their names in the job will do.
            await Durably(() => store.Complete(job.Id, worker, JobStatus.Failed, e.Message.Replace(folders.FolderOf(job.Id) + Path.DirectorySeparatorChar, "")), job.Id);
        }
        catch (Exception e)
        {
            log.LogError(e, "job {Id} failed", job.Id);
            await Durably(() => store.Complete(job.Id, worker, JobStatus.Failed, $"internal error: {e.Message}"), job.Id);
        }
        finally
        {
            running.TryRemove(job.Id, out _);
            try { board.Clear(job.Id); }
            catch (DbException) { }
            files.Unload(job.Id);
        }
    }

    /// <summary>
    /// Reads or writes what a job needs in the database, waiting out a database that does not answer for as long as
    /// the lease could still hold: after that another worker has the job. False if it gave up.
    /// </summary>
    async Task<bool> Durably(Action write, string id)
    {
        var giveUp = DateTime.UtcNow + options.Lease;
        for (var wait = TimeSpan.FromMilliseconds(250); ; wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromSeconds(4).Ticks)))
        {
            try
            {
                write();
                return true;
            }
            catch (DbException e)
            {
                if (DateTime.UtcNow + wait >= giveUp)
                {
                    log.LogError("job {Id}: the database did not answer for the lease's length ({Message}); the job is left to the next worker", id, e.Message);
                    return false;
                }
                log.LogWarning("job {Id}: the database does not answer ({Message}); trying again", id, e.Message);
                await Task.Delay(wait);
            }
        }
    }

    /// <summary>Runs one job by its kind's handler; returns the result's file name in the job's folder.</summary>
    string Run(Job job, SessionCache sessions, CancellationToken cancel)
    {
        void Checkpoint()
        {
            try { files.Push(job.Id); }
            catch (DbException e) { log.LogWarning("job {Id}: its frames so far cannot be kept yet: {Message}", job.Id, e.Message); }
        }
        var handler = handlers[job.Kind];
        return handler.Run(new JobWork(job, folders.FolderOf(job.Id), handler.Stored(job.Options), sessions,
            new JobReporter(board, job.Id), Checkpoint, cancel));
    }
}
