using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DeepDream.Tests.Support;
using Xunit;

namespace DeepDream.Tests.Web;

/// <summary>Jobs a studio stored before requests were typed still list, follow and download after the upgrade.</summary>
public class StoredJobsTests
{
    static readonly string Fixture = Path.Combine(TestImages.RepositoryRoot, "tests", "DeepDream.Tests", "Web", "Fixtures", "studio-before-typed-requests");

    [Fact]
    public async Task AStudioFromBeforeTheUpgradeListsFollowsAndDownloadsItsJobs()
    {
        var data = Directory.CreateTempSubdirectory("deepdream-studio").FullName;
        Copy(Fixture, data);
        await using var studio = await StudioHost.StartAsync(workers: 0, dataFolder: data);

        var jobs = (await studio.Client.GetFromJsonAsync<JsonElement[]>("/api/jobs"))!;
        Assert.Equal(["dream", "dream", "dream", "looks", "sheet", "video", "zoom"], jobs.Select(j => j.GetProperty("kind").GetString()).Order());
        Assert.All(jobs, j => Assert.Equal("done", j.GetProperty("status").GetString()));

        var byKind = jobs.ToLookup(j => j.GetProperty("kind").GetString());
        var zoom = byKind["zoom"].Single().GetProperty("options");
        Assert.Equal((1, 1, 5, "gif"), (zoom.GetProperty("dreamSteps").GetInt32(), zoom.GetProperty("zoomSteps").GetInt32(), zoom.GetProperty("fps").GetInt32(),
            zoom.GetProperty("format").GetString()));
        var clip = byKind["video"].Single().GetProperty("options");
        Assert.Equal(("none", 2, "webm"), (clip.GetProperty("flow").GetString(), clip.GetProperty("end").GetInt32(), clip.GetProperty("format").GetString()));
        Assert.Equal(["layer2", "parts"], byKind["looks"].Single().GetProperty("options").GetProperty("layers").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(("layer2", "0-1", "naive"), (byKind["sheet"].Single().GetProperty("options").GetProperty("layer").GetString(),
            byKind["sheet"].Single().GetProperty("options").GetProperty("channels").GetString(), byKind["sheet"].Single().GetProperty("options").GetProperty("renderer").GetString()));
        var dreams = byKind["dream"].Select(j => j.GetProperty("options")).ToArray();
        Assert.Contains(dreams, d => d.GetProperty("layer").GetString() == "parts" && d.GetProperty("seed").GetInt32() == 3);
        Assert.Contains(dreams, d => d.GetProperty("objective").GetString() == "layer3 + 0.5*layer2[3]");
        var guided = byKind["dream"].Single(j => j.GetProperty("options").GetProperty("guide").ValueKind == JsonValueKind.String);
        Assert.Equal($"/api/jobs/{guided.GetProperty("id").GetString()}/guide", guided.GetProperty("options").GetProperty("guide").GetString());

        var types = new Dictionary<string, string> { ["dream"] = "image/png", ["looks"] = "image/png", ["sheet"] = "image/png", ["zoom"] = "image/gif", ["video"] = "video/webm" };
        foreach (var job in jobs)
        {
            var id = job.GetProperty("id").GetString()!;
            // Followed: the event stream tells the finished job at once.
            var events = await studio.Client.GetStringAsync($"/api/jobs/{id}/events");
            Assert.Contains("\"status\":\"done\"", events);
            using var result = await studio.Client.GetAsync($"/api/jobs/{id}/result?download=true");
            Assert.Equal(HttpStatusCode.OK, result.StatusCode);
            Assert.Equal(types[job.GetProperty("kind").GetString()!], result.Content.Headers.ContentType!.MediaType);
            Assert.True((await result.Content.ReadAsByteArrayAsync()).Length > 100);
        }
        Assert.Equal(HttpStatusCode.OK, (await studio.Client.GetAsync($"/api/jobs/{guided.GetProperty("id").GetString()}/guide")).StatusCode);
    }

    static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
