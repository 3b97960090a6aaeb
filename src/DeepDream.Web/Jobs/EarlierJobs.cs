namespace DeepDream.Web.Jobs;

/// <summary>Earlier jobs whose input a new job may reuse ("from": an id), by their folders.</summary>
public sealed record EarlierJobs(IJobStore Store, JobFolders Folders)
{
    /// <summary>The folder of an existing job; null for an unknown id.</summary>
    public string? FolderOf(string id) => Store.Get(id) is null ? null : Folders.FolderOf(id);
}
