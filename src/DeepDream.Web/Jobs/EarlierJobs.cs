namespace DeepDream.Web.Jobs;

/// <summary>Earlier jobs whose input a new job may reuse ("from": an id).</summary>
public sealed record EarlierJobs(IJobStore Store, IJobFiles Files)
{
    /// <summary>Copies a file of an existing job to <paramref name="path"/>; false for an unknown id or a job without that file.</summary>
    public bool Copy(string id, string name, string path)
    {
        if (Store.Get(id) is null) return false;
        using var source = Files.Open(id, name);
        if (source is null) return false;
        using var target = File.Create(path);
        source.CopyTo(target);
        return true;
    }
}
