using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DeepDream.Imaging;
using DeepDream.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Xunit;

namespace DeepDream.Tests.Web;

/// <summary>
/// What a page on another site can do to a studio running on this machine: reach it under a name of its own (DNS
/// rebinding), or have its visitor's browser post to it. A local studio answers only loopback's names and the operator's,
/// and takes changes only from its own page or from scripts.
/// </summary>
[Collection(BusyStudios.Name)]
public class HostsAndOriginsTests
{
    static readonly string Coffee = TestImages.Photo("coffee.png");

    static async Task<HttpResponseMessage> SendAsync(StudioHost studio, HttpMethod method, string path, string? host = null, string? origin = null, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (host is not null) request.Headers.Host = host;
        if (origin is not null) request.Headers.Add("Origin", origin);
        return await studio.Client.SendAsync(request);
    }

    static Task<HttpResponseMessage> GetAsync(StudioHost studio, string host, string path = "/api/jobs") => SendAsync(studio, HttpMethod.Get, path, host);

    static Task<HttpResponseMessage> PostAsync(StudioHost studio, string? origin, string? host = null) =>
        SendAsync(studio, HttpMethod.Post, "/api/dreams", host, origin, StudioHost.Form(Coffee, ("iterations", "1")));

    static async Task AssertUnknownHostAsync(HttpResponseMessage response, string name)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"400 Unknown host: this studio is not served under the name '{Excerpt.Of(name)}'; open it under its own name, or start it with that name in --allowed-hosts",
            await PublicModeTests.ProblemAsync(response));
    }

    static async Task<JsonElement[]> JobsAsync(StudioHost studio) => (await studio.Client.GetFromJsonAsync<JsonElement[]>("/api/jobs"))!;

    /// <summary>
    /// Another site, one empty page, on this machine (opened as localhost, it is another site than 127.0.0.1's): Chromium lets a page from a public address
    /// reach loopback only with its user's leave, which a user may give but a test cannot ask for.
    /// </summary>
    static async Task<WebApplication> AnotherSiteAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var site = builder.Build();
        site.MapGet("/", () => Results.Content("<!doctype html><title>another site</title>", "text/html"));
        await site.StartAsync();
        return site;
    }

    [Fact]
    public async Task ALocalStudioAnswersOnlyToLoopbackNamesAndTheAllowedHosts()
    {
        await using var local = await StudioHost.StartAsync(workers: 0);
        await using var widened = await StudioHost.StartAsync(workers: 0, configure: o => o with { AllowedHosts = ["studio.lan", "*.dreams.lan"] });
        foreach (var name in new[] { "localhost", "LocalHost", "127.0.0.1", "127.0.0.2", "[::1]" })
        {
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(local, $"{name}:{local.Address.Port}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(widened, name)).StatusCode);
        }
        foreach (var name in new[] { "studio.lan", "evil.example", "localhost.evil.example", "127.0.0.1.evil.example", new string('a', 60) + ".example" })
        {
            await AssertUnknownHostAsync(await GetAsync(local, $"{name}:{local.Address.Port}"), name);
            await AssertUnknownHostAsync(await GetAsync(local, name, path: "/"), name);
        }
        foreach (var name in new[] { "studio.lan", "STUDIO.LAN:8080", "a.dreams.lan" })
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(widened, name)).StatusCode);
        foreach (var name in new[] { "evil.example", "dreams.lan", "studio.lan.evil.example" })
            await AssertUnknownHostAsync(await GetAsync(widened, name), name);
    }

    [Fact]
    public async Task APublicStudioAnswersEveryNameUnlessGivenItsOwn()
    {
        await using var open = await StudioHost.StartAsync(workers: 0, isPublic: true);
        foreach (var name in new[] { "dreams.example.org", "evil.example" })
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(open, name)).StatusCode);

        await using var named = await StudioHost.StartAsync(workers: 0, isPublic: true, configure: o => o with { AllowedHosts = ["dreams.example.org"] });
        // Loopback's names too, for a monitor on the machine itself.
        foreach (var name in new[] { "dreams.example.org", "localhost", "127.0.0.1" })
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(named, name)).StatusCode);
        await AssertUnknownHostAsync(await GetAsync(named, "evil.example"), "evil.example");
    }

    [Fact]
    public async Task ALocalStudioRefusesChangesFromAnotherSitesPageButNotFromItsOwnOrFromScripts()
    {
        await using var studio = await StudioHost.StartAsync(workers: 0, configure: o => o with { AllowedHosts = ["studio.lan"] });
        var port = studio.Address.Port;
        var own = $"http://127.0.0.1:{port}";
        foreach (var origin in new[] { "http://evil.example", "null", $"http://localhost:{port}", $"https://127.0.0.1:{port}", "http://127.0.0.1:1", $"http://{new string('a', 60)}.example" })
        {
            var refused = await PostAsync(studio, origin);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
            Assert.Equal($"403 Forbidden: a page from {Excerpt.Of(origin)} may not change this studio's jobs; use the studio's own page, or send the request from a script, without an Origin header",
                await PublicModeTests.ProblemAsync(refused));
        }
        Assert.Empty(await JobsAsync(studio));
        Assert.Empty(Directory.GetDirectories(Path.Combine(studio.DataFolder, "jobs")));

        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(studio, own)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(studio, $"http://studio.lan:{port}", host: $"studio.lan:{port}")).StatusCode);
        var id = await studio.SubmitAsync("/api/dreams", StudioHost.Form(Coffee, ("iterations", "1")));
        Assert.Equal(3, (await JobsAsync(studio)).Length);

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(studio, HttpMethod.Delete, $"/api/jobs/{id}", origin: "http://evil.example")).StatusCode);
        Assert.Equal("queued", (await studio.JobAsync(id)).GetProperty("status").GetString());
        // Reading is answered: the browser itself keeps the answer from another site's page.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(studio, HttpMethod.Get, "/api/jobs", origin: "http://evil.example")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(studio, HttpMethod.Delete, $"/api/jobs/{id}", origin: own)).StatusCode);
    }

    [Fact]
    public async Task InChromiumAnotherSitesPageNeitherQueuesAJobNorReadsTheStudioUnderANameOfItsOwn()
    {
        Assert.True(File.Exists(BrowserTests.Chromium), "Debian's chromium is needed: ./test.sh installs it");
        await using var studio = await StudioHost.StartAsync(workers: 0);
        using var playwright = await Playwright.CreateAsync();
        // rebind.test points at this machine, as an attacker's name does once its page has loaded.
        await using var browser = await BrowserTests.LaunchAsync(playwright, "--host-resolver-rules=MAP rebind.test 127.0.0.1");
        var page = await browser.NewPageAsync();
        var photo = TestImages.TempPath("small.png");
        ImageFile.Write(ImageFile.Read(Coffee, 48), photo);
        var dreams = new Uri(studio.Address, "/api/dreams").ToString();
        // What a page on any site may do without asking: post a form, here with a photo the studio would take.
        async Task<int> PostFromPageAsync() => (await page.RunAndWaitForResponseAsync(() => page.EvaluateAsync("""
            async ([url, photo]) => {
              const form = new FormData();
              form.append('image', new Blob([Uint8Array.from(atob(photo), c => c.charCodeAt(0))], { type: 'image/png' }), 'photo.png');
              form.append('iterations', '1');
              await fetch(url, { method: 'POST', body: form, mode: 'no-cors' });
            }
            """, new[] { dreams, Convert.ToBase64String(File.ReadAllBytes(photo)) }), dreams)).Status;

        await using var elsewhere = await AnotherSiteAsync();
        await page.GotoAsync($"http://localhost:{new Uri(elsewhere.Urls.First()).Port}/");
        Assert.Equal(403, await PostFromPageAsync());
        Assert.Empty(await JobsAsync(studio));
        await page.GotoAsync(studio.Address.ToString());
        Assert.Equal(202, await PostFromPageAsync());
        Assert.Single(await JobsAsync(studio));

        var rebound = await page.GotoAsync($"http://rebind.test:{studio.Address.Port}/");
        Assert.Equal(400, rebound!.Status);
        Assert.Equal(400, await page.EvaluateAsync<int>("async () => (await fetch('/api/jobs')).status"));
    }
}
