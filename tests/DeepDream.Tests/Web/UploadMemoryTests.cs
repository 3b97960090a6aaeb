using System.Net;
using System.Text.Json;
using DeepDream.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace DeepDream.Tests.Web;

/// <summary>
/// What a real `deepdream serve` holds while many large uploads decode at once: an API node, whose queued jobs no
/// worker dreams, so that what it holds is the uploads'.
/// </summary>
[Collection(BusyStudios.Name)]
public sealed class UploadMemoryTests(PostgresServer server, ITestOutputHelper output) : IClassFixture<PostgresServer>
{
    const long MB = 1024 * 1024;

    /// <summary>
    /// Measured on two cores: 410 to 460 MB, about 220 MB of it the studio itself; before the decode budget and the PNG
    /// decoding in bands, 4 to 6 GB.
    /// </summary>
    const long Budget = 700 * MB;

    sealed record Answer(HttpStatusCode Status, TimeSpan? RetryAfter, string Body);

    static async Task<Answer> UploadAsync(HttpClient client, byte[] image)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(image), "image", "upload.png" } };
        using var response = await client.PostAsync("/api/dreams", form);
        return new(response.StatusCode, response.Headers.RetryAfter?.Delta, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task EightConcurrent64MegapixelPngUploadsStayWithinTheMemoryBudget()
    {
        var png = TestImages.GradientPng(8000);
        using var studio = await StudioNode.ServeAsync(server.NewDatabase(), Directory.CreateTempSubdirectory("deepdream-uploads").FullName);
        using var client = new HttpClient { BaseAddress = studio.Address };
        // As a studio that has answered once: the first requests each load the model their options are checked against.
        Assert.Equal(HttpStatusCode.Accepted, (await UploadAsync(client, File.ReadAllBytes(TestImages.Photo("coffee.png")))).Status);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => UploadAsync(client, png)));

        var peak = studio.PeakMemory;
        output.WriteLine($"8 concurrent uploads of an 8000x8000 PNG ({png.Length / MB} MB each): the studio peaked at {peak / MB} MB");
        Assert.True(peak < Budget, $"the studio peaked at {peak / MB} MB");
        // All are queued; on a machine so busy that one waited out the budget's wait, it is told when to come back.
        Assert.Contains(answers, a => a.Status == HttpStatusCode.Accepted);
        foreach (var answer in answers.Where(a => a.Status != HttpStatusCode.Accepted))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Status);
            Assert.True(answer.RetryAfter > TimeSpan.Zero, answer.Body);
            Assert.Single(JsonDocument.Parse(answer.Body).RootElement.GetProperty("detail").GetString()!.Split('\n'));
        }
    }
}
