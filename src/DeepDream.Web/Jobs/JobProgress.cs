using System.Collections.Concurrent;

namespace DeepDream.Web.Jobs;

/// <summary>A running job's live state: how far, how long to go, and the latest preview (JPEG).</summary>
public sealed record JobProgress(double Fraction, double? RemainingSeconds, string Message, byte[]? Preview, int PreviewVersion);

/// <summary>
/// Live state of the running jobs, for polling and event streams; finished jobs are read from the store.
/// Workers set it, API nodes read it: where they are different processes, through the database.
/// </summary>
public interface IProgressBoard
{
    JobProgress? Get(string id);

    void Set(string id, JobProgress progress);

    void Clear(string id);
}

/// <summary>The board of a studio whose workers run in its own process: a dictionary.</summary>
public sealed class LocalProgressBoard : IProgressBoard
{
    readonly ConcurrentDictionary<string, JobProgress> live = new();

    public JobProgress? Get(string id) => live.GetValueOrDefault(id);

    public void Set(string id, JobProgress progress) => live[id] = progress;

    public void Clear(string id) => live.TryRemove(id, out _);
}
