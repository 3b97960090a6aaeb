namespace DeepDream.Web.Jobs;

/// <summary>Earlier jobs whose input a new job may reuse ("from": an id).</summary>
public sealed record EarlierJobs(IJobStore Store, IJobFiles Files)
{
    /// <summary>The jobs this request may reuse: on a public studio, only its caller's own.</summary>
    public Func<Job, bool> Reachable { get; init; } = _ => true;

    /// <summary>Copies a file of an existing job to <paramref name="path"/>; false for an unknown or unreachable id or a job without that file.</summary>
    public bool Copy(string id, string name, string path)
    {
        if (Store.Get(id) is not { } job || !Reachable(job)) return false;
        using var source = Files.Open(id, name);
        if (source is null) return false;
        using var target = File.Create(path);
        source.CopyTo(target);
        return true;
    }
}
