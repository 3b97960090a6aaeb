using System.Net;
using System.Text.Json;
using DeepDream.Tests.Support;
using Xunit;

namespace DeepDream.Tests.Web;

public class HealthTests
{
    [Fact]
    public async Task HealthSaysTheQueueDepthAndA503WhenTheDatabaseIsGone()
    {
        await using var studio = await StudioHost.StartAsync(workers: 0);
        await studio.SubmitAsync("/api/dreams", StudioHost.Form(TestImages.Photo("coffee.png"), ("iterations", "1")));

        var ok = await studio.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(1, JsonDocument.Parse(await ok.Content.ReadAsStringAsync()).RootElement.GetProperty("queued").GetInt32());

        // The database file replaced by a folder: nothing can open it.
        var database = Path.Combine(studio.DataFolder, "jobs.db");
        foreach (var file in Directory.GetFiles(studio.DataFolder, "jobs.db*")) File.Delete(file);
        Directory.CreateDirectory(database);

        var down = await studio.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        var error = JsonDocument.Parse(await down.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString()!;
        Assert.StartsWith("the job database cannot be reached (", error);
        Assert.DoesNotContain('\n', error);
    }
}
