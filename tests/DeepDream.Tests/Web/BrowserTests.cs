using DeepDream.Imaging;
using DeepDream.Tests.Support;
using Microsoft.Playwright;
using Xunit;

namespace DeepDream.Tests.Web;

/// <summary>The page in a real headless Chromium (Debian's), as a user drives it.</summary>
public class BrowserTests
{
    const string Chromium = "/usr/bin/chromium";

    static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = Chromium,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });

    [Fact]
    public async Task UploadSlideDreamWatchAndDownload()
    {
        Assert.True(File.Exists(Chromium), "Debian's chromium is needed: ./test.sh installs it");
        // A few seconds of dreaming, so the page surely streams progress before the end, even on a busy machine.
        const int size = 400;
        await using var studio = await StudioHost.StartAsync(maxImageSize: size);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { AcceptDownloads = true, ViewportSize = new() { Width = 1280, Height = 900 } });
        await page.GotoAsync(studio.Address.ToString());
        await page.WaitForFunctionAsync("document.getElementById('model').options.length > 0");

        var coffee = TestImages.Photo("coffee.png");
        await page.SetInputFilesAsync("#image", coffee);
        await page.Locator("#iterations").FillAsync("12");
        Assert.Equal("12", await page.Locator("#iterations-value").TextContentAsync());
        await page.Locator("#octaves").FillAsync("3");
        await page.Locator("#look").SelectOptionAsync("parts");
        await page.ClickAsync("#dream");

        try
        {
            await page.WaitForFunctionAsync("document.getElementById('progress').value > 0 && document.getElementById('progress').value < 1",
                null, new() { Timeout = 60_000, PollingInterval = 20 });
        }
        catch (TimeoutException)
        {
            var status = await page.Locator("#status").TextContentAsync();
            Assert.Fail($"no progress seen; the page says '{status}'; jobs: {await studio.Client.GetStringAsync("/api/jobs")}");
        }
        await page.Locator("#download-png").WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 120_000 });
        Assert.Equal("Done.", await page.Locator("#status").TextContentAsync());

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-png"));
        var saved = TestImages.TempPath("downloaded.png");
        await download.SaveAsAsync(saved);
        var dream = ImageFile.Read(saved);
        var input = ImageFile.Read(coffee, size);
        Assert.Equal((input.Width, input.Height), (dream.Width, dream.Height));
        Assert.True(dream.Pixels.Zip(input.Pixels).Average(p => Math.Abs(p.First - p.Second)) > 3, "the download is a dream, not the photo");

        await page.Locator("#gallery li").First.WaitForAsync();
        if (Environment.GetEnvironmentVariable("DEEPDREAM_SCREENSHOTS") is { Length: > 0 } folder)
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "studio-desktop.png"), FullPage = true });
            await page.SetViewportSizeAsync(390, 844);
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "studio-phone.png"), FullPage = true });
        }
    }

    [Fact]
    public async Task PickAClipDreamItAndPlayTheResult()
    {
        var clip = Ffmpeg.Make(TestImages.TempPath("page-clip.webm"), "-f", "lavfi", "-i", "testsrc=size=96x64:rate=25", "-frames:v", "12", "-c:v", "libvpx-vp9");
        await using var studio = await StudioHost.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(studio.Address.ToString());
        await page.WaitForFunctionAsync("document.getElementById('model').options.length > 0");

        await page.ClickAsync("#clip-panel summary");
        await page.SetInputFilesAsync("#clip", clip);
        Assert.EndsWith("page-clip.webm", await page.Locator("#clip-text").TextContentAsync());
        await page.Locator("#octaves").FillAsync("1");
        await page.Locator("#frameIterations").FillAsync("1");
        await page.Locator("#firstIterations").FillAsync("2");
        await page.Locator("#clip-format").SelectOptionAsync("webm");
        await page.ClickAsync("#dream-clip");

        await page.Locator("#video").WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 120_000 });
        Assert.Equal("Done.", await page.Locator("#status").TextContentAsync());
        Assert.True(await page.Locator("#download-video").IsVisibleAsync());
        // The page plays what the studio made: 12 frames at 25 fps.
        var seconds = await page.EvaluateAsync<double>("""
            new Promise(done => { const v = document.getElementById('video'); v.readyState >= 1 ? done(v.duration) : v.onloadedmetadata = () => done(v.duration); })
            """);
        Assert.InRange(seconds, 0.44, 0.52);
        await page.Locator("#gallery li img[alt^='video']").WaitForAsync();
    }

    [Fact]
    public async Task EveryControlHasALabel()
    {
        await using var studio = await StudioHost.StartAsync(workers: 0);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(studio.Address.ToString());
        var unlabelled = await page.EvaluateAsync<string[]>("""
            [...document.querySelectorAll('input, select, button, progress, video')]
              .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())
              .map(e => e.id)
            """);
        Assert.Empty(unlabelled);
    }
}
