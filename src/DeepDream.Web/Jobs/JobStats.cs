namespace DeepDream.Web.Jobs;

/// <summary>What the store knows of its jobs, as GET /metrics shows it.</summary>
/// <param name="ByStatus">How many jobs are in each status.</param>
/// <param name="Kinds">Per kind of job, the times of those that finished.</param>
public sealed record JobStats(IReadOnlyDictionary<JobStatus, int> ByStatus, IReadOnlyList<KindTimes> Kinds)
{
    /// <summary>The histograms' upper bounds, in seconds: from a small dream to a long video.</summary>
    public static readonly double[] Buckets = [1, 5, 15, 60, 300, 1800];
}

/// <summary>The finished jobs of one kind: how long they ran and waited in the queue (sums, counts, and counts per bucket).</summary>
public sealed record KindTimes(JobKind Kind, int Count, double RunSeconds, double WaitSeconds, IReadOnlyList<int> RunBuckets, IReadOnlyList<int> WaitBuckets);
