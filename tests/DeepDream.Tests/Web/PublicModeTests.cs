using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DeepDream.Tests.Cli;
using DeepDream.Tests.Support;
using DeepDream.Web.Jobs;
using Microsoft.Playwright;
using Xunit;

namespace DeepDream.Tests.Web;

/// <summary>A studio served with --public: each browser and API key sees and touches only its own jobs.</summary>
[Collection(BusyStudios.Name)]
public class PublicModeTests
{
    static readonly string Coffee = TestImages.Photo("coffee.png");
    static readonly (string, string)[] Tiny = [("iterations", "1"), ("octaves", "1")];
    const string KeyOne = "key-one-0123456789abcdef", KeyTwo = "key-two-0123456789abcdef", Admin = "admin-0123456789abcdef";

    /// <summary>A browser as the API sees it: a cookie jar of its own, and the page's token, once asked for; the headers on every request.</summary>
    internal static async Task<HttpClient> BrowserAsync(StudioHost studio, params (string Name, string Value)[] headers)
    {
        var client = new HttpClient { BaseAddress = studio.Address };
        foreach (var (name, value) in headers) client.DefaultRequestHeaders.Add(name, value);
        var token = (await client.GetFromJsonAsync<JsonElement>("/api/session")).GetProperty("token").GetString();
        client.DefaultRequestHeaders.Add("X-CSRF-Token", token);
        return client;
    }

    static HttpClient Keyed(StudioHost studio, string header, string key)
    {
        var client = new HttpClient { BaseAddress = studio.Address };
        client.DefaultRequestHeaders.Add(header, key);
        return client;
    }

    internal static async Task<string> SubmitAsync(HttpClient client, params (string, string)[] fields)
    {
        var response = await client.PostAsync("/api/dreams", StudioHost.Form(Coffee, [.. Tiny, .. fields]));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    static async Task<string[]> ListAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement[]>("/api/jobs"))!.Select(j => j.GetProperty("id").GetString()!).ToArray();

    /// <summary>A refusal's status and problem, as one line to compare.</summary>
    internal static async Task<string> ProblemAsync(HttpResponseMessage response)
    {
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return $"{(int)response.StatusCode} {problem.GetProperty("title")}: {problem.GetProperty("detail")}";
    }

    /// <summary>Every request about another owner's job gets just what an id that never was gets.</summary>
    static async Task AssertUnknownAsync(HttpClient client, string theirs)
    {
        var never = JobIds.New();
        foreach (var (method, path) in new[] { "", "/events", "/result", "/input", "/guide", "/preview" }.Select(p => (HttpMethod.Get, p)).Append((HttpMethod.Delete, "")))
        {
            var answer = await ProblemAsync(await client.SendAsync(new(method, $"/api/jobs/{theirs}{path}")));
            var unknown = await ProblemAsync(await client.SendAsync(new(method, $"/api/jobs/{never}{path}")));
            Assert.StartsWith("404 ", answer);
            Assert.Equal(unknown.Replace(never, theirs), answer);
        }
    }

    [Fact]
    public async Task EachBrowserSeesAndTouchesOnlyItsOwnJobs()
    {
        await using var studio = await StudioHost.StartAsync(workers: 1, maxImageSize: 64, isPublic: true);
        using var first = await BrowserAsync(studio);
        using var second = await BrowserAsync(studio);
        var firsts = await SubmitAsync(first);
        var seconds = await SubmitAsync(second);
        Assert.Contains("\"status\":\"done\"", await first.GetStringAsync($"/api/jobs/{firsts}/events"));
        Assert.Contains("\"status\":\"done\"", await second.GetStringAsync($"/api/jobs/{seconds}/events"));

        Assert.Equal([firsts], await ListAsync(first));
        Assert.Equal([seconds], await ListAsync(second));
        await AssertUnknownAsync(first, seconds);
        await AssertUnknownAsync(second, firsts);
        // Nor can one start a job from the other's photo.
        var reuse = await first.PostAsync("/api/zooms", StudioHost.Form(null, [.. Tiny, ("from", seconds)]));
        Assert.Equal(HttpStatusCode.BadRequest, reuse.StatusCode);
        Assert.Contains("no image", await reuse.Content.ReadAsStringAsync());

        Assert.Equal("done", (await second.GetFromJsonAsync<JsonElement>($"/api/jobs/{seconds}")).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync($"/api/jobs/{seconds}/result")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await first.DeleteAsync($"/api/jobs/{firsts}")).StatusCode);
        Assert.Equal([seconds], await ListAsync(second));
    }

    [Fact]
    public async Task ABrowserGetsAPrivateOwnerCookieAndItsChangesNeedThePagesToken()
    {
        await using var studio = await StudioHost.StartAsync(workers: 0, isPublic: true);
        using var browser = new HttpClient { BaseAddress = studio.Address };
        var page = await browser.GetAsync("/");
        var cookie = Assert.Single(page.Headers.GetValues("Set-Cookie")).ToLowerInvariant();
        foreach (var flag in new[] { "deepdream-owner=", "httponly", "samesite=strict", "path=/" }) Assert.Contains(flag, cookie);
        Assert.DoesNotContain("secure", cookie);
        Assert.False((await browser.GetAsync("/api/jobs")).Headers.Contains("Set-Cookie"), "a browser keeps its owner");

        var refused = await browser.PostAsync("/api/dreams", StudioHost.Form(Coffee, Tiny));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("X-CSRF-Token", await ProblemAsync(refused));
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.DeleteAsync($"/api/jobs/{JobIds.New()}")).StatusCode);
        // Another browser's token, and no cookie at all, are no better.
        using var other = await BrowserAsync(studio);
        browser.DefaultRequestHeaders.Add("X-CSRF-Token", other.DefaultRequestHeaders.GetValues("X-CSRF-Token").Single());
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.PostAsync("/api/dreams", StudioHost.Form(Coffee, Tiny))).StatusCode);
        using var stranger = new HttpClient { BaseAddress = studio.Address };
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.PostAsync("/api/dreams", StudioHost.Form(Coffee, Tiny))).StatusCode);

        Assert.Empty(await ListAsync(other));
        await SubmitAsync(other);
        Assert.Single(await ListAsync(other));
    }

    [Fact]
    public async Task ScriptsUseTheirKeysAndTheAdministratorSeesEveryJob()
    {
        var keys = TestImages.TempPath("api-keys.txt");
        File.WriteAllText(keys, $"# the studio's scripts\n\n{KeyOne}\n  {KeyTwo}  \n");
        await using var studio = await StudioHost.StartAsync(workers: 0, isPublic: true, apiKeysFile: keys, adminKey: Admin);
        using var one = Keyed(studio, "X-Api-Key", KeyOne);
        using var two = Keyed(studio, "X-Api-Key", KeyTwo);
        using var browser = await BrowserAsync(studio);

        var response = await one.PostAsync("/api/dreams", StudioHost.Form(Coffee, Tiny));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"), "a script is known by its key, not a cookie");
        var ones = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var twos = await SubmitAsync(two);
        var browsers = await SubmitAsync(browser);
        Assert.Equal([ones], await ListAsync(one));
        Assert.Equal([twos], await ListAsync(two));
        await AssertUnknownAsync(two, ones);
        await AssertUnknownAsync(browser, ones);

        using var wrong = Keyed(studio, "X-Api-Key", "not-a-key-of-this-studio");
        var unauthorized = await wrong.GetAsync("/api/jobs");
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Contains("X-Api-Key is not one of this studio's keys", await ProblemAsync(unauthorized));
        using var notAdmin = Keyed(studio, "X-Admin-Key", KeyOne);
        Assert.Equal(HttpStatusCode.Unauthorized, (await notAdmin.GetAsync("/api/jobs")).StatusCode);

        using var admin = Keyed(studio, "X-Admin-Key", Admin);
        Assert.Equal(new[] { ones, twos, browsers }.Order(), (await ListAsync(admin)).Order());
        Assert.Equal(HttpStatusCode.Accepted, (await admin.DeleteAsync($"/api/jobs/{ones}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/jobs/{ones}")).StatusCode);
        Assert.Empty(await ListAsync(one));

        // The store keeps a hash of each key as its owner, never the key.
        var stored = Directory.GetFiles(studio.DataFolder, "jobs.db*").Select(f => Encoding.UTF8.GetString(File.ReadAllBytes(f)));
        Assert.DoesNotContain(stored, s => s.Contains(KeyTwo));
        Assert.Contains(stored, s => s.Contains(DeepDream.Web.Security.ApiKeys.OwnerOf(KeyTwo)));

        File.WriteAllText(keys, "short\n");
        var error = await Assert.ThrowsAsync<DeepDreamException>(() => StudioHost.StartAsync(workers: 0, isPublic: true, apiKeysFile: keys));
        Assert.Contains("at least 16", error.Message);
    }

    [Fact]
    public async Task ALocalStudioStaysOpenAndEveryResponseCarriesTheSecurityHeaders()
    {
        await using var studio = await StudioHost.StartAsync(workers: 0);
        using var other = new HttpClient { BaseAddress = studio.Address };
        var id = await studio.SubmitAsync("/api/dreams", StudioHost.Form(Coffee, Tiny));
        Assert.Equal([id], await ListAsync(other));
        Assert.Equal(JsonValueKind.Null, (await other.GetFromJsonAsync<JsonElement>("/api/session")).GetProperty("token").ValueKind);
        Assert.Equal(HttpStatusCode.Accepted, (await other.DeleteAsync($"/api/jobs/{id}")).StatusCode);

        foreach (var path in new[] { "/", "/app.js", "/api/jobs", $"/api/jobs/{JobIds.New()}" })
        {
            var response = await other.GetAsync(path);
            Assert.False(response.Headers.Contains("Set-Cookie"), path);
            Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
        }
    }

    [Theory]
    [InlineData("--public")]
    [InlineData("--api-keys")]
    [InlineData("--admin-key")]
    public void ServeRefusesWhatOnlyAPublicStudioMakesSenseWith(string expected)
    {
        string[] args = expected switch
        {
            "--public" => ["serve", "--urls", "http://0.0.0.0:5990"],
            "--api-keys" => ["serve", "--api-keys", "keys.txt"],
            _ => ["serve", "--public", "--admin-key", "short"],
        };
        var result = CliRunner.Run(args);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task TwoBrowsersEachDreamAndSeeOnlyTheirOwn()
    {
        Assert.True(File.Exists(BrowserTests.Chromium), "Debian's chromium is needed: ./test.sh installs it");
        await using var studio = await StudioHost.StartAsync(workers: 1, maxImageSize: 64, isPublic: true);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserTests.LaunchAsync(playwright);
        var errors = new List<string>();
        string? theirs = null;
        async Task<IPage> OpenAsync()
        {
            var page = await (await browser.NewContextAsync()).NewPageAsync();
            // The probes below are refused on purpose, and Chromium logs each refused fetch as an error; nothing else may log one.
            page.Console += (_, message) =>
            {
                var probe = theirs is not null && message.Text.StartsWith("Failed to load resource") && (message.Location.Contains(theirs) || message.Location.Contains("/api/dreams"));
                if (message.Type == "error" && !probe) errors.Add($"{message.Text} ({message.Location})");
            };
            page.PageError += (_, error) => errors.Add($"page error: {error}");
            await page.GotoAsync(studio.Address.ToString());
            await page.WaitForFunctionAsync("() => document.getElementById('model').options.length > 0");
            return page;
        }
        async Task<string> DreamAsync(IPage page, string photo)
        {
            await page.SetInputFilesAsync("#image", TestImages.Photo(photo));
            await page.Locator("#iterations").FillAsync("1");
            await page.Locator("#octaves").FillAsync("1");
            await page.ClickAsync("#dream");
            await page.Locator("#download-png").WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 60_000 });
            Assert.Equal("Done.", await page.Locator("#status").TextContentAsync());
            await page.Locator("#gallery li").WaitForAsync();
            var ids = await page.Locator("#gallery li button[data-open]").EvaluateAllAsync<string[]>("buttons => buttons.map(b => b.dataset.open)");
            return Assert.Single(ids);
        }

        var first = await OpenAsync();
        var second = await OpenAsync();
        var dreams = await Task.WhenAll(DreamAsync(first, "coffee.png"), DreamAsync(second, "chelsea.png"));
        Assert.NotEqual(dreams[0], dreams[1]);
        Assert.Equal("", await first.EvaluateAsync<string>("document.cookie"));

        theirs = dreams[1];
        var answers = await first.EvaluateAsync<int[]>("""
            async id => {
              const { token } = await (await fetch('/api/session')).json();
              const answers = [];
              for (const path of ['', '/result', '/input', '/events']) answers.push((await fetch(`/api/jobs/${id}${path}`)).status);
              answers.push((await fetch(`/api/jobs/${id}`, { method: 'DELETE', headers: { 'X-CSRF-Token': token } })).status);
              answers.push((await fetch('/api/dreams', { method: 'POST', body: new FormData() })).status);
              return answers;
            }
            """, theirs);
        Assert.Equal([404, 404, 404, 404, 404, 403], answers);
        Assert.Equal(200, await second.EvaluateAsync<int>("async id => (await fetch(`/api/jobs/${id}`)).status", theirs));
        await second.ReloadAsync();
        await second.Locator("#gallery li").WaitForAsync();
        Assert.Equal(1, await second.Locator("#gallery li").CountAsync());
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
