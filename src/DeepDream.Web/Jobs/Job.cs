namespace DeepDream.Web.Jobs;

public enum JobKind { Dream, Zoom, Video, Looks, Sheet }

public enum JobStatus { Queued, Running, Done, Failed, Cancelled }

/// <summary>A job as stored: its options as JSON, its files in its own folder.</summary>
public sealed record Job(string Id, JobKind Kind, JobStatus Status, string Options, DateTimeOffset Created, string? Error, string? Result)
{
    public bool Finished => Status is JobStatus.Done or JobStatus.Failed or JobStatus.Cancelled;
}
