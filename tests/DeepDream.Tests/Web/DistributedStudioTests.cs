using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DeepDream.Imaging;
using DeepDream.Tests.Support;
using DeepDream.Web;
using DeepDream.Web.Jobs;
using Microsoft.Playwright;
using Npgsql;
using Xunit;

namespace DeepDream.Tests.Web;

/// <summary>
/// The studio spread over processes that share nothing but a PostgreSQL database: an API node (`serve --workers 0`)
/// and worker processes (`deepdream worker`), each with a data folder of its own, as on separate machines.
/// </summary>
[Collection(BusyStudios.Name)]
public sealed class DistributedStudioTests(PostgresServer server) : IClassFixture<PostgresServer>, IDisposable
{
    readonly string store = server.NewDatabase();
    readonly string root = Directory.CreateTempSubdirectory("deepdream-cluster").FullName;
    readonly List<StudioNode> nodes = [];

    async Task<StudioNode> Serve(string urls = "http://127.0.0.1:0", int uploadsPerMinute = 0, params string[] more) =>
        Keep(await StudioNode.ServeAsync(store, Folder($"api-{nodes.Count}"), urls, ["--uploads-per-minute", $"{uploadsPerMinute}", .. more]));

    /// <param name="lease">Short, so that a killed worker's job moves on within the test; long where an outage must not move any.</param>
    async Task<StudioNode> Worker(string name, int lease = 3) => Keep(await StudioNode.WorkerAsync(store, Folder(name), "--lease", $"{lease}"));

    /// <summary>The jobs as the studio's nodes see them.</summary>
    PostgresJobStore Jobs => reader ??= new(store, new StudioOptions().MaxCrashes);

    PostgresJobStore? reader;

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

    long StoredFrames(string id) => Sql<long>($"SELECT count(*) FROM job_files WHERE job_id = '{id}' AND name LIKE 'frames/dream-%'");

    /// <summary>Waits until the job has stored at least that many frames for other workers.</summary>
    Task StoredFrames(string id, int count, StudioNode worker) => Until(() => StoredFrames(id) >= count, worker);

    /// <summary>Waits until <paramref name="done"/> holds, or fails with what the worker said.</summary>
    static async Task Until(Func<bool> done, StudioNode worker)
    {
        var clock = Stopwatch.StartNew();
        while (!done())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), worker.Log);
            await Task.Delay(10);
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
        var jobs = Jobs.List();
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

        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("deepdream_jobs{status=\"done\"} 50\n", metrics);
        Assert.Contains("deepdream_jobs{status=\"queued\"} 0\n", metrics);
        Assert.Contains("deepdream_job_seconds_count{kind=\"dream\"} 50\n", metrics);
        Assert.Contains("deepdream_queue_wait_seconds_bucket{kind=\"dream\",le=\"+Inf\"} 50\n", metrics);
    }

    [Fact]
    public async Task AJobCancelledOnOneApiNodeStopsOnAWorkerElsewhereAndAStoppingWorkerHandsItsJobBack()
    {
        var (first, second) = (await Serve(), await Serve());
        var worker = await Worker("worker-1");
        using var one = new HttpClient { BaseAddress = first.Address };
        using var other = new HttpClient { BaseAddress = second.Address };
        var photo = Photo(160);
        (string, string)[] zoom = [("iterations", "4"), ("octaves", "1"), ("dreamSteps", "2"), ("zoomSteps", "30"), ("fps", "10"), ("format", "mp4")];

        var cancelled = await Submit(one, "/api/zooms", photo, zoom);
        await WaitAsync(other, cancelled, TimeSpan.FromMinutes(1), "running");
        Assert.Equal(HttpStatusCode.Accepted, (await other.DeleteAsync($"/api/jobs/{cancelled}")).StatusCode);
        // The worker hears of it at its next heartbeat, and takes the next job.
        var handedBack = await Submit(one, "/api/zooms", photo, zoom);
        await WaitAsync(other, handedBack, TimeSpan.FromMinutes(1), "running");
        Assert.Equal("cancelled", await WaitAsync(one, cancelled, TimeSpan.Zero, "cancelled"));

        // SIGTERM: the worker stops at the next step and gives the job back to the queue, with its frames so far.
        await StoredFrames(handedBack, 1, worker);
        worker.Terminate();
        Assert.Equal("queued", await WaitAsync(one, handedBack, TimeSpan.FromSeconds(20), "queued"));
        Assert.True(worker.WaitForExit(TimeSpan.FromSeconds(30)), worker.Log);
        Assert.InRange(StoredFrames(handedBack), 1, 31);
        Assert.Equal(1, Jobs.Get(handedBack)!.Attempts);
    }

    [Fact]
    public async Task AClientQueuingTooManyJobsAMinuteGetsA429ThatSaysWhenToTryAgain()
    {
        var api = await Serve(uploadsPerMinute: 2);
        using var client = new HttpClient { BaseAddress = api.Address };
        var photo = Photo(48);
        for (var n = 0; n < 2; n++) await Submit(client, "/api/dreams", photo, ("iterations", "1"));

        using var refused = await client.PostAsync("/api/dreams", new MultipartFormDataContent { { new ByteArrayContent(photo), "image", "photo.png" } });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        var detail = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.Matches("^this client has queued 2 jobs in the last minute, the studio's limit; try again in [0-9]+ seconds$", detail);
        Assert.Equal(2, (await client.GetFromJsonAsync<JsonElement[]>("/api/jobs"))!.Length);
        // Reading is not limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/jobs")).StatusCode);
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

        await StoredFrames(id, 4, first);
        first.Kill();
        Assert.Equal("running", await WaitAsync(client, id, TimeSpan.Zero, "running"));
        var stored = StoredFrames(id);
        Assert.InRange(stored, 4, frames - 1);

        var second = await Worker("worker-2");
        Assert.Equal("done", await WaitAsync(client, id, TimeSpan.FromMinutes(3), "done", "failed", "cancelled"));

        var job = Jobs.Get(id)!;
        Assert.Equal((JobStatus.Done, 2, "result.mp4"), (job.Status, job.Attempts, job.Result));
        var video = TestImages.TempPath("zoom.mp4");
        await File.WriteAllBytesAsync(video, await client.GetByteArrayAsync($"/api/jobs/{id}/result"));
        Assert.Equal($"{frames}", Ffmpeg.Video(video).GetProperty("nb_read_frames").GetString());
        // The stored frames are dropped once the video is made; one result remains.
        Assert.Equal(0L, Sql<long>($"SELECT count(*) FROM job_files WHERE job_id = '{id}' AND name LIKE 'frames/%'"));
        Assert.Equal(1L, Sql<long>($"SELECT count(*) FROM job_files WHERE job_id = '{id}' AND name LIKE 'result%'"));
    }

    [Fact]
    public async Task AJobThatKillsItsWorkerThreeTimesIsFailedWithItsReasonAndTheJobBehindItIsDone()
    {
        var api = await Serve();
        using var client = new HttpClient { BaseAddress = api.Address };
        // Far longer than the test: it runs until its worker dies.
        var doomed = await Submit(client, "/api/zooms", Photo(64), ("iterations", "1"), ("octaves", "1"), ("dreamSteps", "1"), ("zoomSteps", "300"),
            ("fps", "10"), ("format", "mp4"));
        var behind = await Submit(client, "/api/dreams", Photo(48), ("iterations", "1"), ("octaves", "1"));

        for (var crash = 1; crash <= 3; crash++)
        {
            var worker = await Worker($"worker-{crash}", lease: 1);
            // Killed once it is dreaming the job, as a decoder running out of memory would kill it.
            var frames = StoredFrames(doomed);
            await Until(() => Sql<int>($"SELECT attempts FROM jobs WHERE id = '{doomed}'") == crash && StoredFrames(doomed) > frames, worker);
            worker.Kill();
        }
        await Worker("worker-4", lease: 1);

        Assert.Equal("done", await WaitAsync(client, behind, TimeSpan.FromMinutes(2), "done", "failed", "cancelled"));
        Assert.Equal("failed", await WaitAsync(client, doomed, TimeSpan.FromMinutes(1), "done", "failed", "cancelled"));
        var failed = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{doomed}");
        Assert.Equal("its worker died 3 times while running it (perhaps it ran out of memory), so the job was not tried again", failed.GetProperty("error").GetString());
        var (job, next) = (Jobs.Get(doomed)!, Jobs.Get(behind)!);
        Assert.Equal((JobStatus.Failed, 3, 3), (job.Status, job.Attempts, job.Crashes));
        Assert.Equal((JobStatus.Done, 1, 0), (next.Status, next.Attempts, next.Crashes));
    }

    [Fact]
    public async Task WhileTheDatabaseIsDownTheApiAnswers503AndNoJobIsLostOrRunTwice()
    {
        var api = await Serve();
        await Task.WhenAll(Worker("worker-1", lease: 60), Worker("worker-2", lease: 60));
        using var client = new HttpClient { BaseAddress = api.Address };
        var photo = Photo(96);
        var ids = new List<string>();
        for (var n = 0; n < 16; n++) ids.Add(await Submit(client, "/api/dreams", photo, ("iterations", "6"), ("octaves", "2"), ("seed", $"{n}")));
        await WaitAsync(client, ids[1], TimeSpan.FromMinutes(2), "done");
        Assert.InRange(Sql<long>("SELECT count(*) FROM jobs WHERE status <> 'Done'"), 2, 15);

        server.Stop();
        var clock = Stopwatch.StartNew();
        try
        {
            using var refused = await client.PostAsync("/api/dreams", new MultipartFormDataContent { { new ByteArrayContent(photo), "image", "photo.png" } });
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
            var detail = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
            Assert.StartsWith("the job database cannot be reached (", detail);
            Assert.EndsWith("; nothing was changed, try again in a moment", detail);
            Assert.DoesNotContain('\n', detail);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync($"/api/jobs/{ids[^1]}")).StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/healthz")).StatusCode);
        }
        finally
        {
            await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, 10 - clock.Elapsed.TotalSeconds)));
            server.Start();
        }

        foreach (var id in ids) Assert.Equal("done", await WaitAsync(client, id, TimeSpan.FromMinutes(3), "done", "failed", "cancelled"));
        var jobs = Jobs.List();
        Assert.Equal(ids.Order(), jobs.Select(j => j.Id).Order());
        Assert.All(jobs, j => Assert.Equal((JobStatus.Done, 1), (j.Status, j.Attempts)));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task ABrowsersEventStreamOutlivesARestartOfItsApiNode()
    {
        var port = Ports.Free();
        var api = await Serve($"http://127.0.0.1:{port}");
        await Worker("worker-1");
        using var client = new HttpClient { BaseAddress = api.Address };
        var id = await Submit(client, "/api/zooms", Photo(160), ("iterations", "4"), ("octaves", "1"), ("dreamSteps", "2"), ("zoomSteps", "14"),
            ("fps", "10"), ("format", "mp4"));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserTests.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(api.Address!.ToString());
        // The page's own event stream, as it follows a job it queued.
        await page.EvaluateAsync("""
            id => { window.seen = []; window.drops = 0; watch(id, job => seen.push(job.status)).addEventListener('error', () => drops++); }
            """, id);
        await page.WaitForFunctionAsync("() => seen.includes('running')", null, new() { Timeout = 60_000 });

        api.Kill();
        await Task.Delay(1000);
        await Serve($"http://127.0.0.1:{port}");

        await page.WaitForFunctionAsync("() => seen.includes('done')", null, new() { Timeout = 120_000 });
        Assert.True(await page.EvaluateAsync<int>("() => drops") >= 1);
        Assert.Equal("done", await page.EvaluateAsync<string>("() => seen[seen.length - 1]"));
    }

    [Fact]
    public async Task AChannelSheetRenderedByAWorkerIsFoundFromEveryApiNode()
    {
        var (first, second) = (await Serve(), await Serve());
        await Worker("worker-1");
        using var one = new HttpClient { BaseAddress = first.Address };
        using var other = new HttpClient { BaseAddress = second.Address };
        const string query = "model=resnet18&layer=layer2&channels=0-3&size=48&iterations=4";
        using var fields = new FormUrlEncodedContent(query.Split('&').Select(f => f.Split('=')).ToDictionary(f => f[0], f => f[1]));

        var queued = await one.PostAsync("/api/sheets", fields);
        var id = (await queued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal("done", await WaitAsync(one, id, TimeSpan.FromMinutes(2), "done", "failed"));

        var sheet = await other.GetFromJsonAsync<JsonElement>($"/api/sheets?{query}");
        Assert.Equal(id, sheet.GetProperty("job").GetString());
        var picture = await other.GetByteArrayAsync(sheet.GetProperty("image").GetString());
        Assert.Equal(sheet.GetProperty("width").GetInt32(), ImageFile.Read(new MemoryStream(picture), "the sheet").Width);
        Assert.Equal(HttpStatusCode.OK, (await other.PostAsync("/api/sheets", fields)).StatusCode);
    }

    [Fact]
    public async Task OnAPublicStudioABrowsersCookieAndTokenHoldOnEveryApiNode()
    {
        var (first, second) = (await Serve(more: "--public"), await Serve(more: "--public"));
        await Worker("worker-1");
        // Cookies go by host, not port: like one site behind a load balancer.
        var cookies = new CookieContainer();
        using var one = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = first.Address };
        using var other = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = second.Address };
        using var stranger = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = second.Address };
        var token = (await one.GetFromJsonAsync<JsonElement>("/api/session")).GetProperty("token").GetString()!;
        one.DefaultRequestHeaders.Add("X-CSRF-Token", token);
        other.DefaultRequestHeaders.Add("X-CSRF-Token", token);

        var id = await Submit(one, "/api/dreams", Photo(48), ("iterations", "1"), ("octaves", "1"));
        Assert.Equal("done", await WaitAsync(other, id, TimeSpan.FromMinutes(2), "done", "failed"));

        Assert.Equal([id], (await other.GetFromJsonAsync<JsonElement[]>("/api/jobs"))!.Select(j => j.GetProperty("id").GetString()));
        await stranger.GetAsync("/api/session");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/jobs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await other.DeleteAsync($"/api/jobs/{id}")).StatusCode);
        Assert.Equal(0L, Sql<long>("SELECT count(*) FROM jobs"));
        Assert.True(Sql<long>("SELECT count(*) FROM data_protection_keys") >= 1);
        Assert.Empty(Directory.GetDirectories(root, "keys", SearchOption.AllDirectories));
    }

    public void Dispose()
    {
        foreach (var node in nodes) node.Dispose();
        reader?.Dispose();
        Directory.Delete(root, recursive: true);
    }
}
