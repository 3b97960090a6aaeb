using DeepDream.Web.Jobs;
using Xunit;

namespace DeepDream.Tests.Web;

/// <summary>
/// What every job store promises the API and the workers. Each store runs these through a subclass
/// that says how to open it (and, reopened on the same place, how it comes back after a restart).
/// </summary>
public abstract class JobStoreContract
{
    /// <summary>A store on an empty place: a fresh folder or database.</summary>
    protected abstract IJobStore Open();

    static Job Queued(JobKind kind = JobKind.Dream, string options = "{}") =>
        new(JobIds.New(), kind, JobStatus.Queued, options, DateTimeOffset.UtcNow, null, null);

    [Fact]
    public void KeepsAJobAsAdded()
    {
        var store = Open();
        var job = Queued(JobKind.Zoom, """{"Zoom":{"ZoomSteps":3}}""");
        store.Add(job);

        var read = store.Get(job.Id)!;
        Assert.Equal((job.Id, job.Kind, job.Status, job.Options, job.Error, job.Result), (read.Id, read.Kind, read.Status, read.Options, read.Error, read.Result));
        Assert.Equal(job.Created, read.Created, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public void KnowsNothingOfUnknownOrMalformedIds()
    {
        var store = Open();
        Assert.Null(store.Get(JobIds.New()));
        Assert.Null(store.Get("../../etc/passwd"));
        Assert.Null(store.QueuePosition(JobIds.New()));
    }

    [Fact]
    public void ListsNewestFirstAndQueuesOldestFirst()
    {
        var store = Open();
        var jobs = Enumerable.Range(0, 3).Select(_ => Queued()).ToList();
        foreach (var job in jobs) store.Add(job);

        Assert.Equal(jobs.Select(j => j.Id).Reverse(), store.List().Select(j => j.Id));
        Assert.Equal([1, 2, 3], jobs.Select(j => store.QueuePosition(j.Id)));
        Assert.Equal(3, store.QueueDepth());
        Assert.Equal(jobs[0].Id, store.ClaimNext()!.Id);
        Assert.Equal(2, store.QueueDepth());
        Assert.Equal(JobStatus.Running, store.Get(jobs[0].Id)!.Status);
        Assert.Equal([null, 1, 2], jobs.Select(j => store.QueuePosition(j.Id)));
    }

    [Fact]
    public void WorkersClaimingAtOnceTakeEachJobExactlyOnce()
    {
        var store = Open();
        var jobs = Enumerable.Range(0, 40).Select(_ => Queued()).ToList();
        foreach (var job in jobs) store.Add(job);

        var claimed = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 8, _ =>
        {
            while (store.ClaimNext() is { } job) claimed.Add(job.Id);
        });

        Assert.Equal(jobs.Select(j => j.Id).Order(), claimed.Order());
        Assert.Null(store.ClaimNext());
    }

    [Fact]
    public void AFinishedJobStaysFinished()
    {
        var store = Open();
        var job = Queued();
        store.Add(job);
        store.ClaimNext();

        Assert.True(store.Finish(job.Id, JobStatus.Cancelled));
        Assert.False(store.Finish(job.Id, JobStatus.Done, result: "dream.png"));

        var read = store.Get(job.Id)!;
        Assert.Equal((JobStatus.Cancelled, null), (read.Status, read.Result));
    }

    [Fact]
    public void RecordsTheResultOrTheError()
    {
        var store = Open();
        var (done, failed) = (Queued(), Queued());
        store.Add(done);
        store.Add(failed);

        Assert.True(store.Finish(done.Id, JobStatus.Done, result: "dream.png"));
        Assert.True(store.Finish(failed.Id, JobStatus.Failed, error: "the image is too small"));

        Assert.Equal("dream.png", store.Get(done.Id)!.Result);
        Assert.Equal("the image is too small", store.Get(failed.Id)!.Error);
        Assert.Null(store.ClaimNext());
    }

    [Fact]
    public void DeletedJobsAreGone()
    {
        var store = Open();
        var (kept, deleted) = (Queued(), Queued());
        store.Add(kept);
        store.Add(deleted);

        store.Delete(deleted.Id);

        Assert.Null(store.Get(deleted.Id));
        Assert.Equal([kept.Id], store.List().Select(j => j.Id));
        Assert.Equal(kept.Id, store.ClaimNext()!.Id);
    }
}

public sealed class SqliteJobStoreTests : JobStoreContract, IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("jobstore").FullName;

    protected override IJobStore Open() => new SqliteJobStore(folder);

    [Fact]
    public void AJobRunningWhenTheServerStoppedIsQueuedAgainAtTheNextStart()
    {
        var store = Open();
        var job = new Job(JobIds.New(), JobKind.Video, JobStatus.Queued, "{}", DateTimeOffset.UtcNow, null, null);
        store.Add(job);
        store.ClaimNext();

        var restarted = Open();

        Assert.Equal(JobStatus.Queued, restarted.Get(job.Id)!.Status);
        Assert.Equal(job.Id, restarted.ClaimNext()!.Id);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
