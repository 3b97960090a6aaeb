using System.Collections.Concurrent;
using DeepDream.Dreaming;
using DeepDream.Imaging;
using DeepDream.Runtime;
using DeepDream.Video;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SkiaSharp;

namespace DeepDream.Web.Jobs;

/// <summary>
/// Runs queued jobs on a bounded pool of workers (one by default: a dream already uses every core),
/// oldest first, and publishes their progress. Cancelling a job stops it between steps.
/// </summary>
public sealed class JobRunner(JobStore store, JobProgressBoard board, StudioOptions options, ILogger<JobRunner> log) : BackgroundService
{
    public const string InputFile = "input.png";

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
                store.Finish(job.Id, JobStatus.Failed, e.Message);
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

    /// <summary>Runs one job; returns the result's file name in the job's folder.</summary>
    string Run(Job job, SessionCache sessions, CancellationToken cancel)
    {
        var folder = store.FolderOf(job.Id);
        var asked = JobOptions.FromStored(job.Options);
        var dream = asked.Dream with { Seed = asked.Dream.Seed ?? JobSeed(job.Id) };
        var input = ImageFile.Read(Path.Combine(folder, InputFile));
        var started = DateTime.UtcNow;
        var previews = 0;
        var lastPreview = DateTime.MinValue;

        void Publish(double fraction, string message, RgbImage? image)
        {
            var elapsed = (DateTime.UtcNow - started).TotalSeconds;
            var old = board.Get(job.Id);
            byte[]? preview = old?.Preview;
            // Previews cost an encode: at most a few a second.
            if (image is not null && DateTime.UtcNow - lastPreview > TimeSpan.FromMilliseconds(400))
            {
                preview = ImageFile.Encode(image, SKEncodedImageFormat.Jpeg);
                previews++;
                lastPreview = DateTime.UtcNow;
            }
            board.Set(job.Id, new JobProgress(fraction, fraction > 0 ? elapsed * (1 - fraction) / fraction : null, message, preview, previews));
        }

        if (job.Kind == JobKind.Dream)
        {
            using var dreamer = new Dreamer(dream, sessions);
            var result = dreamer.Dream(input, new SyncProgress<DreamProgress>(p =>
                Publish(p.Fraction, $"octave {p.Octave}/{p.Octaves}, step {p.Iteration}/{p.Iterations}", p.Image)), cancel);
            ImageFile.Write(result.Image, Path.Combine(folder, "result.png"), DreamParameters.From(dream, result, options.MaxImageSize).PngText());
            return "result.png";
        }

        var zoom = asked.Zoom! with { Dream = dream };
        if (VideoEncoder.FindFfmpeg() is null) throw new DeepDreamException("ffmpeg is not installed on the server (sudo apt-get install ffmpeg)");
        var frames = new FrameStore(Path.Combine(folder, "frames"));
        input = VideoEncoder.FitFrame(input, asked.Format!);
        new FrameRenderer(zoom.Dream, zoom.Layers, zoom.ColorLock, sessions).Render(new ZoomStep(zoom, input), frames, resume: true, new SyncProgress<FrameProgress>(p =>
            Publish((double)p.Frame / p.Frames, $"frame {p.Frame}/{p.Frames}", p.Image)), cancel);
        var file = $"result.{asked.Format}";
        VideoEncoder.Encode(FrameSequence.Frames(frames, zoom), Path.Combine(folder, file), zoom.Fps, cancel);
        frames.Delete();
        return file;
    }

    /// <summary>A job without a seed gets one from its id, so re-running it after a restart gives the same result.</summary>
    static int JobSeed(string id) => Convert.ToInt32(id[..7], 16);
}
