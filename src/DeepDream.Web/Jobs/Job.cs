namespace DeepDream.Web.Jobs;

/// <summary>
/// A kind of job, named by its handler (<see cref="IJobHandler.Kind"/>): the name its jobs' rows store (the first
/// kinds' capitalized, as they always were) and, in lower case, what the API calls it.
/// </summary>
public readonly record struct JobKind(string Name)
{
    public override string ToString() => Name;

    /// <summary>As the API and the metrics show it.</summary>
    public string Label => Name.ToLowerInvariant();
}

public enum JobStatus { Queued, Running, Done, Failed, Cancelled }

/// <summary>A job as stored: its options as JSON, its files in its own folder.</summary>
/// <param name="Owner">Who made it, on a public studio (a browser's or an API key's owner id); null on a local one.</param>
/// <param name="Attempts">How many times a worker has taken it: more than one after a worker stopped or died with it.</param>
/// <param name="Crashes">How many of those attempts ended with the worker dying (a lease run out, a studio restarted), not stopping.</param>
public sealed record Job(string Id, JobKind Kind, JobStatus Status, string Options, DateTimeOffset Created, string? Error, string? Result,
    string? Owner = null, int Attempts = 0, int Crashes = 0)
{
    public bool Finished => Status is JobStatus.Done or JobStatus.Failed or JobStatus.Cancelled;
}
