namespace DeepDream.Web.Jobs;

/// <summary>
/// Where the studio keeps its jobs' records (kind, status, options, result): the queue that API
/// nodes add to and workers claim from. A worker holds a job by a lease it renews while it works,
/// so a job whose worker died goes back to the others once the lease runs out.
/// </summary>
public interface IJobStore
{
    void Add(Job job);

    /// <summary>The job, or null for an unknown or malformed id.</summary>
    Job? Get(string id);

    /// <summary>Every job, newest first; with an owner, only that owner's.</summary>
    IReadOnlyList<Job> List(string? owner = null);

    /// <summary>How many jobs wait to be claimed.</summary>
    int QueueDepth();

    /// <summary>1 for the next job to run; null if the job is not queued.</summary>
    int? QueuePosition(string id);

    /// <summary>
    /// Takes the oldest queued job and leases it to the worker until <paramref name="lease"/> from now, atomically: two workers
    /// never hold the same job. Running jobs whose lease ran out (their worker died) are queued again first, or failed once
    /// their worker has died with them the store's limit of times.
    /// </summary>
    Job? ClaimNext(string worker, TimeSpan lease);

    /// <summary>Extends the worker's lease; false if the job is no longer its to run (cancelled, or taken over after the lease ran out).</summary>
    bool Renew(string id, string worker, TimeSpan lease);

    /// <summary>Finishes a job the worker still holds; false if it no longer does (its outcome is then not recorded).</summary>
    bool Complete(string id, string worker, JobStatus status, string? error = null, string? result = null);

    /// <summary>Gives a held job back to the queue (a worker stopping), to continue elsewhere from its stored files.</summary>
    bool Release(string id, string worker);

    /// <summary>Moves a job to a new status unless it already finished (a cancelled job stays cancelled); false if it had.</summary>
    bool Finish(string id, JobStatus status, string? error = null, string? result = null);

    /// <summary>Forgets the job's record (its files are <see cref="JobFolders.Delete"/>'s).</summary>
    void Delete(string id);

    /// <summary>Jobs by status, and the times finished jobs took, for the metrics.</summary>
    JobStats Stats();
}
