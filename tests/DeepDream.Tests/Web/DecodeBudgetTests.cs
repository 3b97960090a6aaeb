using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DeepDream.Imaging;
using DeepDream.Tests.Support;
using DeepDream.Web;
using DeepDream.Web.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DeepDream.Tests.Web;

/// <summary>The megapixels of uploads decoded at once: who goes, who waits, who is told to come back.</summary>
public class DecodeBudgetTests
{
    const long Megapixel = 1_000_000;

    static DecodeBudget Budget(int megapixels, double waitSeconds = 30) =>
        new(new StudioOptions { DecodeMegapixels = megapixels, DecodeWait = TimeSpan.FromSeconds(waitSeconds) });

    /// <summary>Gives a task that should still be waiting the time to finish if it wrongly would not.</summary>
    static async Task AssertWaitingAsync(Task waiting)
    {
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);
    }

    [Fact]
    public async Task DecodesWithinTheBudgetGoAtOnceAndTheNextWaitsForRoom()
    {
        var budget = Budget(10);
        var first = await budget.AdmitAsync(6 * Megapixel, default);
        var second = await budget.AdmitAsync(4 * Megapixel, default);
        // Even a few pixels take a megapixel.
        var third = budget.AdmitAsync(100, default);
        await AssertWaitingAsync(third);
        first.Dispose();
        (await third).Dispose();
        second.Dispose();
    }

    [Fact]
    public async Task AnImageLargerThanTheWholeBudgetDecodesAloneInItsTurn()
    {
        var budget = Budget(10);
        var small = await budget.AdmitAsync(Megapixel, default);
        var huge = budget.AdmitAsync(ImageFile.MaxPixels, default);
        await AssertWaitingAsync(huge);
        // First come, first served: a small one behind it does not slip past.
        var later = budget.AdmitAsync(Megapixel, default);
        await AssertWaitingAsync(later);
        small.Dispose();
        var alone = await huge;
        await AssertWaitingAsync(later);
        alone.Dispose();
        (await later).Dispose();
    }

    [Fact]
    public async Task AWaitingDecodeWhoseClientLeavesStopsWaitingAndTakesNoRoom()
    {
        var budget = Budget(10);
        var held = await budget.AdmitAsync(10 * Megapixel, default);
        using var client = new CancellationTokenSource();
        var waiting = budget.AdmitAsync(5 * Megapixel, client.Token);
        client.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        held.Dispose();
        (await budget.AdmitAsync(10 * Megapixel, default)).Dispose();
    }

    [Fact]
    public async Task BeyondTheWaitTheStudioIsBusyAndSaysWhenToComeBack()
    {
        var budget = Budget(10, waitSeconds: 1.5);
        using var held = await budget.AdmitAsync(10 * Megapixel, default);
        var busy = await Assert.ThrowsAsync<StudioBusyException>(() => budget.AdmitAsync(Megapixel, default));
        Assert.Equal("the studio is busy decoding other uploads (at most 10 megapixels at once); try again in 2 seconds", busy.Message);
        Assert.Equal(2, busy.RetryAfterSeconds);
    }

    [Fact]
    public async Task AnUploadWithNoRoomIsA503WithRetryAfterThatLeavesNothingAndIsQueuedOnceThereIsRoom()
    {
        await using var studio = await StudioHost.StartAsync(workers: 0, configure: o => o with { DecodeWait = TimeSpan.FromSeconds(0.3) });
        var photo = TestImages.Photo("coffee.png");
        using (await studio.Services.GetRequiredService<DecodeBudget>().AdmitAsync(ImageFile.MaxPixels, default))
        {
            var response = await studio.Client.PostAsync("/api/dreams", StudioHost.Form(photo));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
            Assert.StartsWith("the studio is busy decoding other uploads", detail);
            Assert.Empty(await studio.Client.GetFromJsonAsync<JsonElement[]>("/api/jobs") ?? []);
            Assert.Empty(Directory.GetDirectories(Path.Combine(studio.DataFolder, "jobs")));
        }
        await studio.SubmitAsync("/api/dreams", StudioHost.Form(photo));
    }
}
