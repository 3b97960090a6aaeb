namespace DeepDream.Web.Jobs;

/// <summary>
/// A job's files (input, guide, stored frames, result) as every node of the studio sees them. A job's handler
/// works in the job's folder on its node (<see cref="JobFolders"/>); on one machine that folder is all there is,
/// across machines a shared copy travels between the node that took the upload, the workers that run the job
/// (and continue it from its stored frames) and the nodes that serve its result.
/// </summary>
public interface IJobFiles
{
    /// <summary>Makes the shared copy match the job's folder on this node: new and changed files kept, removed ones dropped.</summary>
    void Push(string id);

    /// <summary>Brings the shared copy into the job's folder on this node, in place of what it held.</summary>
    void Pull(string id);

    /// <summary>One of the job's files ("result.mp4"), or null if it has none of that name.</summary>
    Stream? Open(string id, string name);

    /// <summary>This node needs the job's folder no more (a job handed over, or run to its end).</summary>
    void Unload(string id);

    /// <summary>Forgets the job's files everywhere.</summary>
    void Delete(string id);
}

/// <summary>The studio on one machine: a job's folder is its only copy, so there is nothing to push or pull.</summary>
public sealed class LocalJobFiles(JobFolders folders) : IJobFiles
{
    public void Push(string id) { }

    public void Pull(string id) { }

    public Stream? Open(string id, string name) =>
        Path.Combine(folders.FolderOf(id), name) is var path && File.Exists(path) ? File.OpenRead(path) : null;

    public void Unload(string id) { }

    public void Delete(string id) => folders.Delete(id);
}
