namespace DeepDream.Web.Jobs;

/// <summary>
/// Where the studio keeps its jobs' records (kind, status, options, result): the queue that API
/// nodes add to and workers claim from. Files live beside it, in <see cref="JobFolders"/>.
/// </summary>
public interface IJobStore
{
    void Add(Job job);

    /// <summary>The job, or null for an unknown or malformed id.</summary>
    Job? Get(string id);

    /// <summary>Every job, newest first.</summary>
    IReadOnlyList<Job> List();

    /// <summary>How many jobs wait to be claimed.</summary>
    int QueueDepth();

    /// <summary>1 for the next job to run; null if the job is not queued.</summary>
    int? QueuePosition(string id);

    /// <summary>Takes the oldest queued job and marks it running, atomically: two workers never get the same job.</summary>
    Job? ClaimNext();

    /// <summary>Moves a job to a new status unless it already finished (a cancelled job stays cancelled); false if it had.</summary>
    bool Finish(string id, JobStatus status, string? error = null, string? result = null);

    /// <summary>Forgets the job's record (its files are <see cref="JobFolders.Delete"/>'s).</summary>
    void Delete(string id);
}
