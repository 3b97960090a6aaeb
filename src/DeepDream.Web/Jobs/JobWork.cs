using DeepDream.Dreaming;
using DeepDream.Runtime;
using DeepDream.Video;

namespace DeepDream.Web.Jobs;

/// <summary>A job as its handler runs it: its folder and options, the worker's sessions, where its progress goes, what cancels it.</summary>
/// <param name="Checkpoint">Keeps what the job has stored in its folder so far for every node, so that another worker can continue it.</param>
public sealed record JobWork(Job Job, string Folder, JobOptions Options, SessionCache Sessions, JobReporter Progress, Action Checkpoint, CancellationToken Cancel)
{
    /// <summary>The options' seed; a job without one gets one from its id, so running it again after a restart gives the same result.</summary>
    public int Seed => Options.Dream?.Seed ?? Convert.ToInt32(Job.Id[..7], 16);

    /// <summary>The dream options as the library takes them: with the seed, and a guide resolved to the one in the job's folder.</summary>
    public DreamOptions Dream => (Options.Dream ?? throw new InvalidOperationException($"a {Job.Kind} job has no dream options")) with
    {
        Seed = Seed,
        Guide = Options.Dream.Guide is null ? null : GuideInput.PathIn(Folder),
    };

    /// <summary>A frame loop's progress (zooms, clips): each stored frame kept at once, then reported.</summary>
    public IProgress<FrameProgress> Frames() => new SyncProgress<FrameProgress>(p =>
    {
        Checkpoint();
        Progress.Frame(p);
    });
}
