namespace DeepDream.Web.Jobs;

/// <summary>The one place job files live on this node: a folder per job (input, guide, frames, result) under the data folder.</summary>
public sealed class JobFolders
{
    readonly string root;

    public JobFolders(string dataFolder)
    {
        root = Path.Combine(Path.GetFullPath(dataFolder), "jobs");
        Directory.CreateDirectory(root);
    }

    /// <summary>The job's folder; only a valid id names one.</summary>
    public string FolderOf(string id) =>
        JobIds.IsValid(id) ? Path.Combine(root, id) : throw new ArgumentException("invalid job id", nameof(id));

    /// <summary>Makes a new job's folder and returns it.</summary>
    public string Create(string id) => Directory.CreateDirectory(FolderOf(id)).FullName;

    public void Delete(string id)
    {
        var folder = FolderOf(id);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }
}
