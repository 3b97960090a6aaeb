using System.Net.Http.Json;
using System.Text.Json;
using DeepDream.Imaging;
using DeepDream.Tests.Support;
using DeepDream.Visualization;
using Microsoft.Playwright;
using Xunit;

namespace DeepDream.Tests.Web;

/// <summary>The page in a real headless Chromium (Debian's), as a user drives it.</summary>
[Collection(BusyStudios.Name)]
public class BrowserTests
{
    internal const string Chromium = "/usr/bin/chromium";

    internal static Task<IBrowser> LaunchAsync(IPlaywright playwright, params string[] more) => playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = Chromium,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", .. more],
    });

    [Fact]
    public async Task UploadSlideDreamWatchAndDownload()
    {
        Assert.True(File.Exists(Chromium), "Debian's chromium is needed: ./test.sh installs it");
        // A few seconds of dreaming, so the page surely streams progress before the end, even on a busy machine.
        const int size = 720;
        await using var studio = await StudioHost.StartAsync(maxImageSize: size);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { AcceptDownloads = true, ViewportSize = new() { Width = 1280, Height = 900 } });
        await page.GotoAsync(studio.Address.ToString());
        await page.WaitForFunctionAsync("() => document.getElementById('model').options.length > 0");

        // The 640x427 photo: the 320 px ones dreamed in 3 s, and once the page's event stream saw only the end.
        var rocket = TestImages.Photo("rocket.jpg");
        await page.SetInputFilesAsync("#image", rocket);
        // Long enough that the page's event stream is surely open before the end, even on a busy machine.
        await page.Locator("#iterations").FillAsync("30");
        Assert.Equal("30", await page.Locator("#iterations-value").TextContentAsync());
        await page.Locator("#octaves").FillAsync("3");
        await page.Locator("#look").SelectOptionAsync("parts");
        // Every value the page gives its progress bar, however late a busy machine lets it look.
        await page.EvaluateAsync("""
            () => {
              window.shown = [];
              const bar = document.getElementById('progress'), value = Object.getOwnPropertyDescriptor(HTMLProgressElement.prototype, 'value');
              Object.defineProperty(bar, 'value', { get() { return value.get.call(this); }, set(v) { shown.push(v); value.set.call(this, v); } });
            }
            """);
        await page.ClickAsync("#dream");
        await page.Locator("#download-png").WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 120_000 });
        Assert.Equal("Done.", await page.Locator("#status").TextContentAsync());
        var shown = await page.EvaluateAsync<double[]>("() => shown");
        Assert.True(shown.Any(v => v is > 0 and < 1), $"no progress shown before the end: {string.Join(", ", shown)}; jobs: {await studio.Client.GetStringAsync("/api/jobs")}");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-png"));
        var saved = TestImages.TempPath("downloaded.png");
        await download.SaveAsAsync(saved);
        var dream = ImageFile.Read(saved);
        var input = ImageFile.Read(rocket, size);
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
        await page.WaitForFunctionAsync("() => document.getElementById('model').options.length > 0");

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
    public async Task ExploreALayersSheetThenDreamTheClickedChannel()
    {
        // Screenshots want a sheet worth looking at; the test, a quick one.
        var screenshots = Environment.GetEnvironmentVariable("DEEPDREAM_SCREENSHOTS") is { Length: > 0 } folder ? folder : null;
        var (layer, channels, size, steps) = screenshots is null ? ("layer2", "0-7", "48", "4") : ("layer3", "0-23", "96", "128");
        await using var studio = await StudioHost.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        await page.GotoAsync(studio.Address.ToString());
        await page.WaitForFunctionAsync("() => document.getElementById('explore-layer').options.length > 0");

        await page.SetInputFilesAsync("#image", TestImages.Photo("coffee.png"));
        await page.Locator("#iterations").FillAsync("2");
        await page.Locator("#octaves").FillAsync("1");
        await page.Locator("#explore-layer").SelectOptionAsync(layer);
        await page.Locator("#explore-channels").FillAsync(channels);
        await page.Locator("#explore-size").FillAsync(size);
        await page.Locator("#explore-iterations").FillAsync(steps);
        await page.ClickAsync("#explore-show");
        await page.Locator("#sheet-tiles button[data-channel='3']").WaitForAsync(new() { Timeout = 120_000 });
        Assert.Equal(ChannelRange.Parse(channels).Count, await page.Locator("#sheet-tiles button").CountAsync());
        if (screenshots is not null)
        {
            await page.Locator("#sheet-image").EvaluateAsync("image => image.decode()");
            await page.Locator("#explore").ScreenshotAsync(new() { Path = Path.Combine(screenshots, "studio-explore.png") });
        }

        await page.ClickAsync("#sheet-tiles button[data-channel='3']");
        await page.Locator("#download-png").WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 120_000 });
        Assert.Equal("Done.", await page.Locator("#status").TextContentAsync());
        var dream = (await studio.Client.GetFromJsonAsync<JsonElement[]>("/api/jobs"))!.First(j => j.GetProperty("kind").GetString() == "dream").GetProperty("options");
        Assert.Equal((layer, 3), (dream.GetProperty("layer").GetString(), dream.GetProperty("channel").GetInt32()));
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
