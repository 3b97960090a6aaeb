using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DeepDream.Imaging;
using DeepDream.Tests.Support;
using DeepDream.Web;
using DeepDream.Web.Jobs;
using Xunit;

namespace DeepDream.Tests.Web;

public class ApiTests
{
    static readonly string Coffee = TestImages.Photo("coffee.png");
    static readonly (string, string)[] Quick = [("iterations", "2"), ("octaves", "1")];

    [Fact]
    public async Task ADreamIsQueuedFollowedAndDownloaded()
    {
        await using var studio = await StudioHost.StartAsync();
        var id = await studio.SubmitAsync("/api/dreams", StudioHost.Form(Coffee, ("iterations", "5"), ("octaves", "2"), ("layer", "parts"), ("seed", "3")));

        var events = await studio.Client.GetStringAsync($"/api/jobs/{id}/events");
        Assert.Contains("event: progress", events);
        Assert.Contains("\"status\":\"done\"", events);

        var job = await studio.WaitAsync(id, "done");
        Assert.Equal("dream", job.GetProperty("kind").GetString());
        var options = job.GetProperty("options");
        Assert.Equal(("resnet18", "parts", 5, 2, 3), (options.GetProperty("model").GetString(), options.GetProperty("layer").GetString(),
            options.GetProperty("iterations").GetInt32(), options.GetProperty("octaves").GetInt32(), options.GetProperty("seed").GetInt32()));
        Assert.False(options.TryGetProperty("zoomSteps", out _), "a zoom's options are not another kind's");
        Assert.Equal(1, job.GetProperty("progress").GetDouble());
        var png = await studio.Client.GetAsync($"/api/jobs/{id}/result");
        Assert.Equal("image/png", png.Content.Headers.ContentType!.MediaType);
        var path = TestImages.TempPath("web.png");
        await File.WriteAllBytesAsync(path, await png.Content.ReadAsByteArrayAsync());
        var dream = ImageFile.Read(path);
        var input = ImageFile.Read(Coffee, 160);
        Assert.Equal((input.Width, input.Height), (dream.Width, dream.Height));
        Assert.True(dream.Pixels.Zip(input.Pixels).Average(p => Math.Abs(p.First - p.Second)) > 3, "the dream differs from the photo");
        var jpeg = await studio.Client.GetAsync($"/api/jobs/{id}/result?format=jpg&download=true");
        Assert.Equal("image/jpeg", jpeg.Content.Headers.ContentType!.MediaType);
        Assert.Contains("attachment", jpeg.Content.Headers.ContentDisposition!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await studio.Client.GetAsync($"/api/jobs/{id}/input")).StatusCode);

        var list = await studio.Client.GetFromJsonAsync<JsonElement[]>("/api/jobs");
        Assert.Contains(list!, j => j.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task AZoomVideoStartsFromAnEarlierJobsImage()
    {
        await using var studio = await StudioHost.StartAsync();
        var dream = await studio.SubmitAsync("/api/dreams", StudioHost.Form(Coffee, Quick));
        await studio.WaitAsync(dream, "done");
        var zoom = await studio.SubmitAsync("/api/zooms", StudioHost.Form(null, [.. Quick, ("from", dream), ("dreamSteps", "1"), ("zoomSteps", "2"), ("fps", "10"), ("format", "gif")]));
        var job = await studio.WaitAsync(zoom, "done", "failed");
        Assert.Equal("done", job.GetProperty("status").GetString());
        Assert.Equal(("gif", 10, 2), (job.GetProperty("options").GetProperty("format").GetString(), job.GetProperty("options").GetProperty("fps").GetInt32(),
            job.GetProperty("options").GetProperty("zoomSteps").GetInt32()));
        var video = await studio.Client.GetAsync($"/api/jobs/{zoom}/result");
        Assert.Equal("image/gif", video.Content.Headers.ContentType!.MediaType);
        Assert.True((await video.Content.ReadAsByteArrayAsync()).Length > 1000);
    }

    public static TheoryData<string, string?, string[], string> BadRequests() => new()
    {
        { "/api/dreams", TestImages.TruncatedJpeg(), [], "damaged or truncated" },
        { "/api/dreams", WriteText(), [], "not an image" },
        { "/api/dreams", null, ["iterations", "2"], "no image" },
        { "/api/dreams", Coffee, ["iterations", "abc"], "iterations must be a whole number" },
        { "/api/dreams", Coffee, ["iterations", "5000"], "iterations must be between 0 and 1000, not 5000" },
        { "/api/dreams", Coffee, ["iterations", "500"], "iterations must be at most 100 in the studio, not 500" },
        { "/api/dreams", Coffee, ["octaveScale", "9"], "octave scale" },
        { "/api/dreams", Coffee, ["layer", "nosuchlayer"], "no layer 'nosuchlayer'" },
        { "/api/dreams", Coffee, ["model", "/etc/passwd"], "model must be one of" },
        { "/api/dreams", Coffee, ["channel", "9999"], "out of range" },
        { "/api/zooms", Coffee, ["format", "avi"], "format must be one of" },
        { "/api/zooms", Coffee, ["zoom", "0.5"], "zoom must be between" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadRequestsGetA400WithTheReason(string path, string? image, string[] field, string expected)
    {
        await using var studio = await StudioHost.StartAsync(workers: 0);
        var fields = field.Length == 2 ? new[] { (field[0], field[1]) } : [];
        var response = await studio.Client.PostAsync(path, StudioHost.Form(image, fields));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.Contains(expected, detail);
        Assert.DoesNotContain(studio.DataFolder, detail);
        Assert.Empty(await studio.Client.GetFromJsonAsync<JsonElement[]>("/api/jobs") ?? []);
    }

    [Fact]
    public async Task AnOversizedUploadIsRefused()
    {
        await using var studio = await StudioHost.StartAsync(workers: 0, maxUploadBytes: 100_000);
        var response = await studio.Client.PostAsync("/api/dreams", StudioHost.Form(Coffee));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("larger than", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task QueuedJobsKnowTheirPlaceAndCanBeCancelledThenDeleted()
    {
        await using var studio = await StudioHost.StartAsync(workers: 0);
        var first = await studio.SubmitAsync("/api/dreams", StudioHost.Form(Coffee, Quick));
        var second = await studio.SubmitAsync("/api/dreams", StudioHost.Form(Coffee, Quick));
        Assert.Equal(1, (await studio.JobAsync(first)).GetProperty("queuePosition").GetInt32());
        Assert.Equal(2, (await studio.JobAsync(second)).GetProperty("queuePosition").GetInt32());

        Assert.Equal(HttpStatusCode.Accepted, (await studio.Client.DeleteAsync($"/api/jobs/{first}")).StatusCode);
        Assert.Equal("cancelled", (await studio.JobAsync(first)).GetProperty("status").GetString());
        Assert.Equal(1, (await studio.JobAsync(second)).GetProperty("queuePosition").GetInt32());

        Assert.Equal(HttpStatusCode.NoContent, (await studio.Client.DeleteAsync($"/api/jobs/{first}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await studio.Client.GetAsync($"/api/jobs/{first}")).StatusCode);
        Assert.False(Directory.Exists(Path.Combine(studio.DataFolder, "jobs", first)));
    }

    [Fact]
    public async Task ARunningJobIsCancelled()
    {
        // Seconds of dreaming, so the job is surely seen running even when a loaded machine delays this test's polls.
        await using var studio = await StudioHost.StartAsync(maxImageSize: 480);
        var id = await studio.SubmitAsync("/api/dreams", StudioHost.Form(Coffee, ("iterations", "100"), ("octaves", "4")));
        await studio.WaitAsync(id, "running");
        Assert.Equal(HttpStatusCode.Accepted, (await studio.Client.DeleteAsync($"/api/jobs/{id}")).StatusCode);
        var job = await studio.WaitAsync(id, "cancelled", "done");
        Assert.Equal("cancelled", job.GetProperty("status").GetString());
    }

    [Fact]
    public async Task AQueuedJobSurvivesARestart()
    {
        string id, data;
        await using (var before = await StudioHost.StartAsync(workers: 0))
        {
            id = await before.SubmitAsync("/api/dreams", StudioHost.Form(Coffee, Quick));
            data = before.DataFolder;
            Assert.Equal("queued", (await before.JobAsync(id)).GetProperty("status").GetString());
        }
        await using var after = await StudioHost.StartAsync(workers: 1, dataFolder: data);
        Assert.Equal("done", (await after.WaitAsync(id, "done", "failed")).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await after.Client.GetAsync($"/api/jobs/{id}/result")).StatusCode);
    }

    [Fact]
    public async Task JobsStoredBeforeTheTypedApiAreStillShown()
    {
        // An Options column as the studio wrote it before the API had its own records: the library records' JSON.
        const string stored = """
            {"Dream":{"Model":"resnet18","Layer":"parts","Channel":7,"Iterations":5,"Octaves":2,"OctaveScale":1.4,"Step":1.5,"Jitter":32,"TileSize":512,"Seed":3},
             "Zoom":{"Dream":{"Model":"resnet18","Layer":"parts","Channel":7,"Iterations":5,"Octaves":2,"OctaveScale":1.4,"Step":1.5,"Jitter":32,"TileSize":512,"Seed":3},
               "DreamSteps":1,"ZoomSteps":2,"Zoom":1.05,"Rotate":0,"Fps":10,"Size":null,"Blend":0,"ColorLock":true,"Layers":null,"DreamedFrames":3,"TotalFrames":3},
             "Format":"gif"}
            """;
        var data = Directory.CreateTempSubdirectory("deepdream-studio").FullName;
        var id = JobIds.New();
        new SqliteJobStore(data, new StudioOptions().MaxCrashes).Add(new(id, ZoomJobHandler.ZoomKind, JobStatus.Failed, stored, DateTimeOffset.UtcNow, "stopped", null));

        await using var studio = await StudioHost.StartAsync(workers: 0, dataFolder: data);
        var options = (await studio.JobAsync(id)).GetProperty("options");
        Assert.Equal(("parts", 7, 1.4, 2, "gif"), (options.GetProperty("layer").GetString(), options.GetProperty("channel").GetInt32(),
            options.GetProperty("octaveScale").GetDouble(), options.GetProperty("zoomSteps").GetInt32(), options.GetProperty("format").GetString()));
    }

    [Fact]
    public async Task ModelsOpenApiAndUnknownIds()
    {
        await using var studio = await StudioHost.StartAsync(workers: 0);
        var models = await studio.Client.GetFromJsonAsync<JsonElement[]>("/api/models");
        var resnet = models!.Single(m => m.GetProperty("name").GetString() == "resnet18");
        Assert.Equal("layer3", resnet.GetProperty("defaultLayer").GetString());
        Assert.Equal("conv1", resnet.GetProperty("presets").GetProperty("edges").GetString());
        Assert.Contains(resnet.GetProperty("layers").EnumerateArray(), l => l.GetProperty("name").GetString() == "layer4" && l.GetProperty("channels").GetInt32() == 512);

        var openApi = await studio.Client.GetStringAsync("/openapi/v1.json");
        foreach (var path in new[] { "/api/dreams", "/api/zooms", "/api/jobs/{id}", "/api/jobs/{id}/events", "/api/jobs/{id}/result", "/api/models" })
            Assert.Contains($"\"{path}\"", openApi);

        foreach (var id in new[] { "0123456789abcdef0123456789abcdef", "..%2F..%2Fetc%2Fpasswd", "ABC" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await studio.Client.GetAsync($"/api/jobs/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await studio.Client.GetAsync($"/api/jobs/{id}/result")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await studio.Client.DeleteAsync($"/api/jobs/{id}")).StatusCode);
        }
    }

    static string WriteText()
    {
        var path = TestImages.TempPath("text.jpg");
        File.WriteAllText(path, "this is text, not a picture");
        return path;
    }
}
