using DeepDream.Tests.Support;
using DeepDream.Web;
using DeepDream.Web.Jobs;
using Xunit;

namespace DeepDream.Tests.Web;

/// <summary>The job-store contract against a real PostgreSQL (a throwaway cluster, one database per test).</summary>
public sealed class PostgresJobStoreTests(PostgresServer server) : JobStoreContract, IClassFixture<PostgresServer>, IDisposable
{
    readonly string database = server.NewDatabase();
    readonly List<PostgresJobStore> opened = [];

    protected override IJobStore Open(int maxCrashes = MaxCrashes)
    {
        var store = new PostgresJobStore(database, maxCrashes);
        opened.Add(store);
        return store;
    }

    [Fact]
    public void NodesStartingTogetherShareOneSchema()
    {
        var stores = Enumerable.Range(0, 6).AsParallel().Select(_ => Open()).ToList();
        var job = new Job(JobIds.New(), DreamJobHandler.DreamKind, JobStatus.Queued, "{}", DateTimeOffset.UtcNow, null, null);
        stores[0].Add(job);
        Assert.All(stores, s => Assert.Equal(job.Id, s.Get(job.Id)!.Id));
    }

    [Fact]
    public void ADatabaseFromBeforeCrashCountsMigratesAndCountsTheCrashOfAJobRunningThen()
    {
        var store = (PostgresJobStore)Open();
        var job = new Job(JobIds.New(), ZoomJobHandler.ZoomKind, JobStatus.Queued, "{}", DateTimeOffset.UtcNow, null, null);
        store.Add(job);
        Claim(store, leaseSeconds: 0.2);
        // Back to version 5, the schema before crash counts, with the job running.
        using (var downgrade = store.Source.CreateCommand("ALTER TABLE jobs DROP COLUMN crashes; DELETE FROM schema_version WHERE version = 6"))
            downgrade.ExecuteNonQuery();
        Thread.Sleep(400);

        var taken = Claim(Open(), "worker-b")!;

        Assert.Equal((job.Id, 2, 1), (taken.Id, taken.Attempts, taken.Crashes));
    }

    public void Dispose()
    {
        foreach (var store in opened) store.Dispose();
    }
}

/// <summary>Job files through PostgreSQL: what one node pushes, another pulls, and nothing outside a job's folder.</summary>
public sealed class PostgresJobFilesTests(PostgresServer server) : IClassFixture<PostgresServer>, IDisposable
{
    readonly PostgresJobStore store = new(server.NewDatabase(), new StudioOptions().MaxCrashes);
    readonly string root = Directory.CreateTempSubdirectory("jobfiles").FullName;

    PostgresJobFiles Node(string name) => new(store.Source, new JobFolders(Path.Combine(root, name)));

    [Fact]
    public void AnotherNodePullsWhatOneNodePushedAndOnlyChangesTravelAgain()
    {
        var (worker, other) = (Node("worker"), Node("other"));
        var id = JobIds.New();
        var folder = new JobFolders(Path.Combine(root, "worker")).Create(id);
        File.WriteAllText(Path.Combine(folder, "input.png"), "input");
        Directory.CreateDirectory(Path.Combine(folder, "frames"));
        File.WriteAllText(Path.Combine(folder, "frames", "dream-00001.png"), "frame 1");
        worker.Push(id);
        File.WriteAllText(Path.Combine(folder, "frames", "dream-00002.png"), "frame 2");
        File.Delete(Path.Combine(folder, "input.png"));
        worker.Push(id);

        other.Pull(id);

        var pulled = new JobFolders(Path.Combine(root, "other")).FolderOf(id);
        Assert.Equal(["frames/dream-00001.png", "frames/dream-00002.png"],
            Directory.GetFiles(pulled, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(pulled, f).Replace('\\', '/')).Order());
        Assert.Equal("frame 2", new StreamReader(other.Open(id, "frames/dream-00002.png")!).ReadToEnd());
        Assert.Null(other.Open(id, "input.png"));

        other.Delete(id);
        Assert.Null(worker.Open(id, "frames/dream-00001.png"));
        Assert.False(Directory.Exists(pulled));
    }

    [Fact]
    public void AStoredNameThatClimbsOutOfTheJobsFolderIsRefused()
    {
        var id = JobIds.New();
        using (var insert = store.Source.CreateCommand("INSERT INTO job_files (job_id, name, content) VALUES (@id, '../../escaped.txt', 'x'::bytea)"))
        {
            insert.Parameters.AddWithValue("id", id);
            insert.ExecuteNonQuery();
        }

        Assert.Throws<InvalidDataException>(() => Node("worker").Pull(id));
        Assert.Empty(Directory.GetFiles(root, "escaped.txt", SearchOption.AllDirectories));
    }

    public void Dispose()
    {
        store.Dispose();
        Directory.Delete(root, recursive: true);
    }
}

/// <summary>Live progress through PostgreSQL: what a worker sets, an API node reads, a few times a second.</summary>
public sealed class PostgresProgressBoardTests(PostgresServer server) : IClassFixture<PostgresServer>, IDisposable
{
    readonly PostgresJobStore store = new(server.NewDatabase(), new StudioOptions().MaxCrashes);

    [Fact]
    public void AnApiNodeReadsWhatAWorkerSetWithItsPreviewAndWritesAreThrottled()
    {
        var (worker, api) = (new PostgresProgressBoard(store.Source), new PostgresProgressBoard(store.Source));
        var id = JobIds.New();
        worker.Set(id, new JobProgress(0.25, 30, "octave 1/4", [1, 2, 3], 1));
        // Within the interval and with the same preview: not written.
        worker.Set(id, new JobProgress(0.30, 28, "octave 1/4, step 2", [1, 2, 3], 1));
        Assert.Equal((0.25, (double?)30, "octave 1/4", "010203", 1), Read(api.Get(id)!));

        // A new preview is written at once; afterwards, progress without a new one keeps it.
        worker.Set(id, new JobProgress(0.5, 20, "octave 2/4", [4, 5], 2));
        Thread.Sleep(300);
        worker.Set(id, new JobProgress(0.75, null, "octave 3/4", [4, 5], 2));
        Assert.Equal((0.75, (double?)null, "octave 3/4", "0405", 2), Read(api.Get(id)!));

        worker.Clear(id);
        Assert.Null(api.Get(id));
    }

    static (double, double?, string, string, int) Read(JobProgress p) => (p.Fraction, p.RemainingSeconds, p.Message, Convert.ToHexString(p.Preview!), p.PreviewVersion);

    public void Dispose() => store.Dispose();
}
