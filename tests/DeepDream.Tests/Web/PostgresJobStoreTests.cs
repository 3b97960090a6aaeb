using DeepDream.Tests.Support;
using DeepDream.Web.Jobs;
using Xunit;

namespace DeepDream.Tests.Web;

/// <summary>The job-store contract against a real PostgreSQL (a throwaway cluster, one database per test).</summary>
public sealed class PostgresJobStoreTests(PostgresServer server) : JobStoreContract, IClassFixture<PostgresServer>, IDisposable
{
    readonly string database = server.NewDatabase();
    readonly List<PostgresJobStore> opened = [];

    protected override IJobStore Open()
    {
        var store = new PostgresJobStore(database);
        opened.Add(store);
        return store;
    }

    [Fact]
    public void NodesStartingTogetherShareOneSchema()
    {
        var stores = Enumerable.Range(0, 6).AsParallel().Select(_ => Open()).ToList();
        var job = new Job(JobIds.New(), JobKind.Dream, JobStatus.Queued, "{}", DateTimeOffset.UtcNow, null, null);
        stores[0].Add(job);
        Assert.All(stores, s => Assert.Equal(job.Id, s.Get(job.Id)!.Id));
    }

    public void Dispose()
    {
        foreach (var store in opened) store.Dispose();
    }
}
