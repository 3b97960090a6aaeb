using DeepDream.Web.Jobs;
using Xunit;

namespace DeepDream.Tests.Web;

/// <summary>
/// What every job store promises the API and the workers. Each store runs these through a subclass
/// that says how to open it (and, reopened on the same place, how it comes back after a restart).
/// </summary>
public abstract class JobStoreContract
{
    /// <summary>How many times these stores let a job's worker die with it.</summary>
    protected const int MaxCrashes = 3;

    /// <summary>A store on an empty place: a fresh folder or database.</summary>
    protected abstract IJobStore Open(int maxCrashes = MaxCrashes);

    static Job Queued(JobKind? kind = null, string options = "{}", string? owner = null) =>
        new(JobIds.New(), kind ?? DreamJobHandler.DreamKind, JobStatus.Queued, options, DateTimeOffset.UtcNow, null, null, owner);

    protected static Job? Claim(IJobStore store, string worker = "worker-a", double leaseSeconds = 60) => store.ClaimNext(worker, TimeSpan.FromSeconds(leaseSeconds));

    [Fact]
    public void KeepsAJobAsAdded()
    {
        var store = Open();
        var job = Queued(ZoomJobHandler.ZoomKind, """{"Zoom":{"ZoomSteps":3}}""");
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
        Assert.Equal(jobs[0].Id, Claim(store)!.Id);
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
            while (Claim(store, $"worker-{Environment.CurrentManagedThreadId}") is { } job) claimed.Add(job.Id);
        });

        Assert.Equal(jobs.Select(j => j.Id).Order(), claimed.Order());
        Assert.Null(Claim(store));
    }

    [Fact]
    public void AFinishedJobStaysFinished()
    {
        var store = Open();
        var job = Queued();
        store.Add(job);
        Claim(store);

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
        Assert.Null(Claim(store));
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
        Assert.Equal(kept.Id, Claim(store)!.Id);
    }

    [Fact]
    public void AJobWhoseLeaseRunsOutGoesToAnotherWorkerAndTheFirstCanNoLongerFinishIt()
    {
        var store = Open();
        var job = Queued(ZoomJobHandler.ZoomKind);
        store.Add(job);
        Assert.Equal(1, Claim(store, "worker-a", leaseSeconds: 0.3)!.Attempts);
        Assert.Null(Claim(store, "worker-b"));

        Thread.Sleep(600);
        var taken = Claim(store, "worker-b")!;

        Assert.Equal((job.Id, 2), (taken.Id, taken.Attempts));
        Assert.False(store.Renew(job.Id, "worker-a", TimeSpan.FromSeconds(60)));
        Assert.False(store.Complete(job.Id, "worker-a", JobStatus.Done, result: "stale.mp4"));
        Assert.True(store.Complete(job.Id, "worker-b", JobStatus.Done, result: "result.mp4"));
        Assert.Equal((JobStatus.Done, "result.mp4"), (store.Get(job.Id)!.Status, store.Get(job.Id)!.Result));
    }

    [Fact]
    public void AJobWhoseWorkerDiesEveryTimeIsFailedWithItsReasonAndTheNextJobRuns()
    {
        var store = Open();
        var (doomed, next) = (Queued(ClipJobHandler.ClipKind), Queued());
        store.Add(doomed);
        store.Add(next);

        for (var crash = 0; crash < MaxCrashes; crash++)
        {
            var taken = Claim(store, $"worker-{crash}", leaseSeconds: 0.2)!;
            Assert.Equal((doomed.Id, crash + 1, crash), (taken.Id, taken.Attempts, taken.Crashes));
            Thread.Sleep(400);
        }
        var claimed = Claim(store, "worker-last")!;

        Assert.Equal(next.Id, claimed.Id);
        var failed = store.Get(doomed.Id)!;
        Assert.Equal((JobStatus.Failed, MaxCrashes, MaxCrashes), (failed.Status, failed.Attempts, failed.Crashes));
        Assert.Equal("its worker died 3 times while running it (perhaps it ran out of memory), so the job was not tried again", failed.Error);
        Assert.False(store.Complete(doomed.Id, $"worker-{MaxCrashes - 1}", JobStatus.Done, result: "late.mp4"));
        Assert.Null(Claim(store, "worker-after"));
    }

    [Fact]
    public void WorkersFindingALostJobAtOnceCountItsCrashOnceAndOneTakesIt()
    {
        var store = Open();
        var job = Queued();
        store.Add(job);
        Claim(store, "worker-dead", leaseSeconds: 0.2);
        Thread.Sleep(400);

        var taken = new System.Collections.Concurrent.ConcurrentBag<Job>();
        Parallel.For(0, 8, n => { if (Claim(store, $"worker-{n}") is { } claimed) taken.Add(claimed); });

        var only = Assert.Single(taken);
        Assert.Equal((job.Id, 2, 1), (only.Id, only.Attempts, only.Crashes));
    }

    [Fact]
    public void AJobItsWorkersHandBackIsNoCrash()
    {
        // One crash fails it: three workers stopping with it must not have counted.
        var store = Open(maxCrashes: 1);
        var job = Queued();
        store.Add(job);

        for (var stop = 0; stop < 3; stop++) Assert.True(store.Release(Claim(store, $"worker-{stop}")!.Id, $"worker-{stop}"));
        var again = Claim(store, "worker-last", leaseSeconds: 0.2)!;

        Assert.Equal((job.Id, 4, 0), (again.Id, again.Attempts, again.Crashes));
        Thread.Sleep(400);
        Assert.Null(Claim(store, "worker-after"));
        Assert.Equal("its worker died once while running it (perhaps it ran out of memory), so the job was not tried again", store.Get(job.Id)!.Error);
    }

    [Fact]
    public void ARenewedLeaseKeepsTheJob()
    {
        var store = Open();
        store.Add(Queued());
        var job = Claim(store, "worker-a", leaseSeconds: 0.4)!;
        for (var beat = 0; beat < 4; beat++)
        {
            Thread.Sleep(150);
            Assert.True(store.Renew(job.Id, "worker-a", TimeSpan.FromSeconds(0.4)));
        }
        Assert.Null(Claim(store, "worker-b"));
    }

    [Fact]
    public void AJobCancelledFromAnyNodeIsNoLongerTheWorkers()
    {
        var store = Open();
        store.Add(Queued());
        var job = Claim(store)!;

        Assert.True(store.Finish(job.Id, JobStatus.Cancelled));

        Assert.False(store.Renew(job.Id, "worker-a", TimeSpan.FromSeconds(60)));
        Assert.False(store.Complete(job.Id, "worker-a", JobStatus.Done, result: "dream.png"));
        Assert.Equal(JobStatus.Cancelled, store.Get(job.Id)!.Status);
    }

    [Fact]
    public void AReleasedJobIsQueuedForTheNextWorker()
    {
        var store = Open();
        store.Add(Queued());
        var job = Claim(store)!;

        Assert.True(store.Release(job.Id, "worker-a"));
        Assert.False(store.Release(job.Id, "worker-a"));

        Assert.Equal(1, store.QueueDepth());
        var again = Claim(store, "worker-b")!;
        Assert.Equal((job.Id, 2), (again.Id, again.Attempts));
    }

    [Fact]
    public void EachOwnerListsOnlyItsOwnJobs()
    {
        var store = Open();
        var (mine, theirs, local) = (Queued(owner: "owner-1"), Queued(owner: "owner-2"), Queued());
        foreach (var job in new[] { mine, theirs, local }) store.Add(job);

        Assert.Equal([mine.Id], store.List("owner-1").Select(j => j.Id));
        Assert.Equal("owner-2", store.Get(theirs.Id)!.Owner);
        Assert.Equal(3, store.List().Count);
    }

    [Fact]
    public void StatsCountJobsByStatusAndTimeTheFinishedOnes()
    {
        var store = Open();
        var (done, queued) = (Queued(ZoomJobHandler.ZoomKind), Queued(ZoomJobHandler.ZoomKind));
        store.Add(done);
        store.Add(queued);
        Claim(store);
        Thread.Sleep(50);
        Assert.True(store.Complete(done.Id, "worker-a", JobStatus.Done, result: "result.mp4"));

        var stats = store.Stats();

        Assert.Equal((1, 1, 0), (stats.ByStatus[JobStatus.Done], stats.ByStatus[JobStatus.Queued], stats.ByStatus[JobStatus.Running]));
        var zoom = Assert.Single(stats.Kinds);
        Assert.Equal((ZoomJobHandler.ZoomKind, 1), (zoom.Kind, zoom.Count));
        Assert.InRange(zoom.RunSeconds, 0.04, 30);
        Assert.InRange(zoom.WaitSeconds, 0, 30);
        Assert.Equal(Enumerable.Repeat(1, JobStats.Buckets.Length), zoom.RunBuckets);
    }
}

public sealed class SqliteJobStoreTests : JobStoreContract, IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("jobstore").FullName;

    protected override IJobStore Open(int maxCrashes = MaxCrashes) => new SqliteJobStore(folder, maxCrashes);

    [Fact]
    public void AJobRunningWhenTheServerStoppedIsQueuedAgainAtTheNextStart()
    {
        var store = Open();
        var job = new Job(JobIds.New(), ClipJobHandler.ClipKind, JobStatus.Queued, "{}", DateTimeOffset.UtcNow, null, null);
        store.Add(job);
        Claim(store);

        var restarted = Open();

        Assert.Equal((JobStatus.Queued, 1), (restarted.Get(job.Id)!.Status, restarted.Get(job.Id)!.Crashes));
        Assert.Equal(job.Id, Claim(restarted)!.Id);
    }

    [Fact]
    public void AJobThatTookTheServerDownEachTimeIsFailedAtTheStartAndTheNextJobRuns()
    {
        var store = Open();
        var (doomed, next) = (new Job(JobIds.New(), ClipJobHandler.ClipKind, JobStatus.Queued, "{}", DateTimeOffset.UtcNow, null, null),
            new Job(JobIds.New(), DreamJobHandler.DreamKind, JobStatus.Queued, "{}", DateTimeOffset.UtcNow, null, null));
        store.Add(doomed);
        store.Add(next);

        for (var crash = 0; crash < MaxCrashes; crash++)
        {
            Assert.Equal(doomed.Id, Claim(store)!.Id);
            store = Open();
        }

        Assert.Equal((JobStatus.Failed, MaxCrashes), (store.Get(doomed.Id)!.Status, store.Get(doomed.Id)!.Crashes));
        Assert.Equal("its worker died 3 times while running it (perhaps it ran out of memory), so the job was not tried again", store.Get(doomed.Id)!.Error);
        Assert.Equal(next.Id, Claim(store)!.Id);
    }

    [Fact]
    public void AStudioOfAnEarlierVersionKeepsItsJobs()
    {
        // The first schema, as studios before leases made it.
        using (var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(folder, "jobs.db")};Pooling=False"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE jobs (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, status TEXT NOT NULL,
                  options TEXT NOT NULL, created TEXT NOT NULL, error TEXT, result TEXT);
                INSERT INTO jobs (id, kind, status, options, created, result) VALUES ('0123456789abcdef0123456789abcdef', 'Dream', 'Done', '{}', '2026-01-02T03:04:05.0000000+00:00', 'result.png');
                INSERT INTO jobs (id, kind, status, options, created) VALUES ('fedcba9876543210fedcba9876543210', 'Zoom', 'Running', '{}', '2026-01-02T03:04:06.0000000+00:00');
                """;
            create.ExecuteNonQuery();
        }

        var store = Open();

        Assert.Equal("result.png", store.Get("0123456789abcdef0123456789abcdef")!.Result);
        var resumed = Claim(store)!;
        Assert.Equal(("fedcba9876543210fedcba9876543210", 1, 1), (resumed.Id, resumed.Attempts, resumed.Crashes));
        Assert.True(Open().Get(resumed.Id) is { Status: JobStatus.Queued });
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
