using DeepDream.Dreaming;
using DeepDream.Runtime;
using DeepDream.Video;

namespace DeepDream.Web.Jobs;

/// <summary>A job as its handler runs it: its folder and request, the worker's sessions, where its progress goes, what cancels it.</summary>
/// <param name="Checkpoint">Keeps what the job has stored in its folder so far for every node, so that another worker can continue it.</param>
public record JobWork(Job Job, string Folder, object Request, SessionCache Sessions, JobReporter Progress, Action Checkpoint, CancellationToken Cancel)
{
    /// <summary>A seed for a job that asked for none, from its id, so running it again after a restart gives the same result.</summary>
    public int Seed => Convert.ToInt32(Job.Id[..7], 16);

    /// <summary>Dream options as the library takes them: with a seed, and a guide resolved to the one in the job's folder.</summary>
    public DreamOptions Resolved(DreamOptions dream) => dream with
    {
        Seed = dream.Seed ?? Seed,
        Guide = dream.Guide?.In(Folder),
    };

    /// <summary>A frame loop's progress (zooms, clips): each stored frame kept at once, then reported.</summary>
    public IProgress<FrameProgress> Frames() => new SyncProgress<FrameProgress>(p =>
    {
        Checkpoint();
        Progress.Frame(p);
    });
}

/// <summary>The same, with its request typed.</summary>
public sealed record JobWork<TRequest>(JobWork Work, TRequest Typed) : JobWork(Work)
{
    public new TRequest Request => Typed;
}
