using System.Collections.Concurrent;
using DeepDream.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DeepDream.Web.Jobs;

/// <summary>
/// Runs queued jobs on a bounded pool of workers (one by default: a dream already uses every core),
/// oldest first, and publishes their progress. Cancelling a job stops it between steps.
/// </summary>
public sealed class JobRunner(IJobStore store, JobFolders folders, JobHandlers handlers, JobProgressBoard board, StudioOptions options, ILogger<JobRunner> log) : BackgroundService
{
    readonly ConcurrentDictionary<string, CancellationTokenSource> running = new();
    readonly SemaphoreSlim wake = new(0);

    /// <summary>Tells an idle worker that a job is waiting.</summary>
    public void Notify() => wake.Release();

    /// <summary>Stops a running job (it will be marked cancelled, not failed).</summary>
    public void Cancel(string id)
    {
        if (running.TryGetValue(id, out var cancel)) cancel.Cancel();
    }

    protected override Task ExecuteAsync(CancellationToken stopping) =>
        Task.WhenAll(Enumerable.Range(0, options.Workers).Select(_ => Task.Run(() => Work(stopping), stopping)));

    async Task Work(CancellationToken stopping)
    {
        using var sessions = new SessionCache();
        while (!stopping.IsCancellationRequested)
        {
            Job? job;
            try { job = store.ClaimNext(); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A busy or broken database must not kill the worker: log, wait, try again.
                log.LogError(e, "cannot take the next job");
                job = null;
            }
            if (job is null)
            {
                try { await wake.WaitAsync(TimeSpan.FromSeconds(1), stopping); }
                catch (OperationCanceledException) { return; }
                continue;
            }
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            running[job.Id] = cancel;
            try
            {
                var result = Run(job, sessions, cancel.Token);
                store.Finish(job.Id, JobStatus.Done, result: result);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // Server stopping: the job stays 'running' in the store and is queued again at the next start.
            }
            catch (OperationCanceledException)
            {
                store.Finish(job.Id, JobStatus.Cancelled);
            }
            catch (DeepDreamException e)
            {
                // Messages name files by their place on this server ("ffmpeg stopped decoding '/srv/…/input.clip'"); their names in the job will do.
                store.Finish(job.Id, JobStatus.Failed, e.Message.Replace(folders.FolderOf(job.Id) + Path.DirectorySeparatorChar, ""));
            }
            catch (Exception e)
            {
                log.LogError(e, "job {Id} failed", job.Id);
                store.Finish(job.Id, JobStatus.Failed, $"internal error: {e.Message}");
            }
            finally
            {
                running.TryRemove(job.Id, out _);
                board.Clear(job.Id);
            }
        }
    }

    /// <summary>Runs one job by its kind's handler; returns the result's file name in the job's folder.</summary>
    string Run(Job job, SessionCache sessions, CancellationToken cancel) =>
        handlers[job.Kind].Run(new JobWork(job, folders.FolderOf(job.Id), JobOptions.FromStored(job.Options), sessions, new JobReporter(board, job.Id), cancel));
}
