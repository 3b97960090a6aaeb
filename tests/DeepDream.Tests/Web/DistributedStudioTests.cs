using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DeepDream.Imaging;
using DeepDream.Tests.Support;
using DeepDream.Web.Jobs;
using Npgsql;
using Xunit;

namespace DeepDream.Tests.Web;

/// <summary>
/// The studio spread over processes that share nothing but a PostgreSQL database: an API node (`serve --workers 0`)
/// and worker processes (`deepdream worker`), each with a data folder of its own, as on separate machines.
/// </summary>
public sealed class DistributedStudioTests(PostgresServer server) : IClassFixture<PostgresServer>, IDisposable
{
    readonly string store = server.NewDatabase();
    readonly string root = Directory.CreateTempSubdirectory("deepdream-cluster").FullName;
    readonly List<StudioNode> nodes = [];

    async Task<StudioNode> Serve(string urls = "http://127.0.0.1:0") => Keep(await StudioNode.ServeAsync(store, Folder("api"), urls, "--uploads-per-minute", "0"));

    async Task<StudioNode> Worker(string name) => Keep(await StudioNode.WorkerAsync(store, Folder(name), "--lease", "3"));

    StudioNode Keep(StudioNode node)
    {
        nodes.Add(node);
        return node;
    }

    string Folder(string name) => Path.Combine(root, name);

    /// <summary>A small photo, so that each job takes a fraction of a second.</summary>
    static byte[] Photo(int size)
    {
        var path = TestImages.TempPath("small.png");
        ImageFile.Write(ImageFile.Read(TestImages.Photo("coffee.png"), size), path);
        return File.ReadAllBytes(path);
    }

    static async Task<string> Submit(HttpClient client, string path, byte[] photo, params (string Name, string Value)[] fields)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(photo), "image", "photo.png" } };
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        var response = await client.PostAsync(path, form);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    static async Task<string> WaitAsync(HttpClient client, string id, TimeSpan limit, params string[] statuses)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var status = (await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}")).GetProperty("status").GetString()!;
            if (statuses.Contains(status)) return status;
            if (clock.Elapsed > limit) throw new TimeoutException($"job {id} is still {status}");
            await Task.Delay(50);
        }
    }

    T Sql<T>(string sql)
    {
        using var connection = new NpgsqlConnection(store);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return (T)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task FiftyDreamsFromTenClientsRunEachExactlyOnceOnTwoWorkerProcesses()
    {
        var api = await Serve();
        await Task.WhenAll(Worker("worker-1"), Worker("worker-2"));
        var photo = Photo(48);

        var ids = (await Task.WhenAll(Enumerable.Range(0, 10).Select(async client =>
        {
            using var http = new HttpClient { BaseAddress = api.Address };
            var mine = new List<string>();
            for (var n = 0; n < 5; n++) mine.Add(await Submit(http, "/api/dreams", photo, ("iterations", "1"), ("octaves", "1"), ("seed", $"{client * 5 + n}")));
            foreach (var id in mine) Assert.Equal("done", await WaitAsync(http, id, TimeSpan.FromMinutes(3), "done", "failed", "cancelled"));
            return mine;
        }))).SelectMany(m => m).ToList();

        Assert.Equal(50, ids.Distinct().Count());
        var jobs = new PostgresJobStore(store).List();
        Assert.Equal(50, jobs.Count);
        Assert.All(jobs, j => Assert.Equal((JobStatus.Done, 1), (j.Status, j.Attempts)));
        // Both processes took jobs ("machine/process id/…/worker number").
        Assert.Equal(2L, Sql<long>("SELECT count(DISTINCT split_part(worker, '/', 2)) FROM jobs"));
        using var client = new HttpClient { BaseAddress = api.Address };
        foreach (var id in ids.Take(5))
        {
            var png = await client.GetByteArrayAsync($"/api/jobs/{id}/result");
            Assert.Equal(48, ImageFile.Read(new MemoryStream(png), "the result").Width);
        }
        // A finished job leaves its result and input in the database, and no frames or live progress behind.
        Assert.Equal(100L, Sql<long>("SELECT count(*) FROM job_files"));
        Assert.Equal(0L, Sql<long>("SELECT count(*) FROM job_progress"));
    }

    [Fact]
    public async Task AZoomWhoseWorkerIsKilledFinishesOnTheOtherWorkerWithEveryFrame()
    {
        var api = await Serve();
        var first = await Worker("worker-1");
        using var client = new HttpClient { BaseAddress = api.Address };
        const int frames = 16;
        var id = await Submit(client, "/api/zooms", Photo(160), ("iterations", "4"), ("octaves", "1"), ("dreamSteps", "2"), ("zoomSteps", $"{frames - 2}"),
            ("fps", "10"), ("format", "mp4"), ("seed", "5"));

        var clock = Stopwatch.StartNew();
        while (Sql<long>($"SELECT count(*) FROM job_files WHERE job_id = '{id}' AND name LIKE 'frames/dream-%'") < 4)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), first.Log);
            await Task.Delay(10);
        }
        first.Kill();
        Assert.Equal("running", await WaitAsync(client, id, TimeSpan.Zero, "running"));
        var stored = Sql<long>($"SELECT count(*) FROM job_files WHERE job_id = '{id}' AND name LIKE 'frames/dream-%'");
        Assert.InRange(stored, 4, frames - 1);

        var second = await Worker("worker-2");
        Assert.Equal("done", await WaitAsync(client, id, TimeSpan.FromMinutes(3), "done", "failed", "cancelled"));

        var job = new PostgresJobStore(store).Get(id)!;
        Assert.Equal((JobStatus.Done, 2, "result.mp4"), (job.Status, job.Attempts, job.Result));
        var video = TestImages.TempPath("zoom.mp4");
        await File.WriteAllBytesAsync(video, await client.GetByteArrayAsync($"/api/jobs/{id}/result"));
        Assert.Equal($"{frames}", Ffmpeg.Video(video).GetProperty("nb_read_frames").GetString());
        // The stored frames are dropped once the video is made; one result remains.
        Assert.Equal(0L, Sql<long>($"SELECT count(*) FROM job_files WHERE job_id = '{id}' AND name LIKE 'frames/%'"));
        Assert.Equal(1L, Sql<long>($"SELECT count(*) FROM job_files WHERE job_id = '{id}' AND name LIKE 'result%'"));
    }

    public void Dispose()
    {
        foreach (var node in nodes) node.Dispose();
        Directory.Delete(root, recursive: true);
    }
}
