using DeepDream.Dreaming;
using DeepDream.Runtime;

namespace DeepDream.Web.Jobs;

/// <summary>A job as its handler runs it: its folder and options, the worker's sessions, where its progress goes, what cancels it.</summary>
public sealed record JobWork(Job Job, string Folder, JobOptions Options, SessionCache Sessions, JobReporter Progress, CancellationToken Cancel)
{
    /// <summary>The dream options with a seed: a job without one gets one from its id, so running it again after a restart gives the same result.</summary>
    public DreamOptions Dream => Options.Dream with { Seed = Options.Dream.Seed ?? Convert.ToInt32(Job.Id[..7], 16) };
}
