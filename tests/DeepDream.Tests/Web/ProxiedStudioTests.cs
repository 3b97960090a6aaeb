using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DeepDream.Tests.Support;
using Xunit;

namespace DeepDream.Tests.Web;

/// <summary>
/// A public studio behind a reverse proxy: it takes the client's address, scheme and name from the proxies it was told
/// of and from no one else, and its upload limits count each owner and each address the proxy forwards.
/// </summary>
[Collection(BusyStudios.Name)]
public class ProxiedStudioTests
{
    static readonly string Coffee = TestImages.Photo("coffee.png");
    const string Key = "key-proxied-0123456789abcdef";
    /// <summary>The test's own requests come from here: it plays the proxy.</summary>
    static readonly IPNetwork ThisMachine = IPNetwork.Parse("127.0.0.1/32");

    static Task<StudioHost> StartAsync(IPNetwork[] proxies, int uploadsPerMinute = 60, string? apiKeysFile = null, string[]? allowedHosts = null) =>
        StudioHost.StartAsync(workers: 0, isPublic: true, apiKeysFile: apiKeysFile,
            configure: o => o with { KnownProxies = proxies, UploadsPerMinute = uploadsPerMinute, AllowedHosts = allowedHosts ?? [] });

    static (string, string) For(string address) => (ForwardedFor, address);

    const string ForwardedFor = "X-Forwarded-For";

    static async Task<HttpResponseMessage> GetAsync(StudioHost studio, params (string Name, string Value)[] headers)
    {
        // A client of its own each time, so that each is a new browser that gets a cookie.
        using var client = new HttpClient { BaseAddress = studio.Address };
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        foreach (var (name, value) in headers) request.Headers.Add(name, value);
        return await client.SendAsync(request);
    }

    static async Task<bool> SecureCookieAsync(StudioHost studio, params (string, string)[] headers)
    {
        var response = await GetAsync(studio, headers);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.Single(response.Headers.GetValues("Set-Cookie")).ToLowerInvariant().Split(';', StringSplitOptions.TrimEntries).Contains("secure");
    }

    static async Task<HttpStatusCode> PostAsync(HttpClient client)
    {
        var response = await client.PostAsync("/api/dreams", StudioHost.Form(Coffee, ("iterations", "1")));
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            Assert.InRange(response.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
            Assert.Matches("^this client has queued 2 jobs in the last minute, the studio's limit; try again in [0-9]+ seconds$",
                (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        }
        return response.StatusCode;
    }

    /// <summary>A new browser (a new owner) at the address the proxy forwards.</summary>
    static async Task<HttpStatusCode> NewBrowserPostsAsync(StudioHost studio, string address)
    {
        using var browser = await PublicModeTests.BrowserAsync(studio, For(address));
        return await PostAsync(browser);
    }

    static async Task<HttpStatusCode> KeyPostsAsync(StudioHost studio, string address)
    {
        using var script = new HttpClient { BaseAddress = studio.Address };
        script.DefaultRequestHeaders.Add("X-Api-Key", Key);
        script.DefaultRequestHeaders.Add(ForwardedFor, address);
        return await PostAsync(script);
    }

    [Fact]
    public async Task BehindAKnownProxyTheOwnerCookieIsSecureWhenTheClientCameOverHttps()
    {
        await using var studio = await StartAsync([ThisMachine], allowedHosts: ["dreams.example.org"]);
        Assert.True(await SecureCookieAsync(studio, ("X-Forwarded-Proto", "https"), For("203.0.113.7")));
        Assert.False(await SecureCookieAsync(studio, For("203.0.113.7")));
        // The name the client asked the proxy for is the one checked.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(studio, ("X-Forwarded-Host", "dreams.example.org"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await GetAsync(studio, ("X-Forwarded-Host", "evil.example"))).StatusCode);
    }

    [Fact]
    public async Task ForwardedHeadersFromAnyoneButAKnownProxyAreIgnored()
    {
        await using var unproxied = await StartAsync([], uploadsPerMinute: 2);
        // Not even from this machine, which ASP.NET Core would believe by default.
        await using var elsewhere = await StartAsync([IPNetwork.Parse("10.0.0.0/8")]);
        foreach (var studio in new[] { unproxied, elsewhere })
            Assert.False(await SecureCookieAsync(studio, ("X-Forwarded-Proto", "https"), For("203.0.113.7")));

        // Every client is this machine's address, whatever it claims.
        Assert.Equal(HttpStatusCode.Accepted, await NewBrowserPostsAsync(unproxied, "203.0.113.1"));
        Assert.Equal(HttpStatusCode.Accepted, await NewBrowserPostsAsync(unproxied, "203.0.113.2"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await NewBrowserPostsAsync(unproxied, "203.0.113.3"));
    }

    [Fact]
    public async Task UploadLimitsCountEachOwnerAndEachForwardedAddress()
    {
        var keys = TestImages.TempPath("api-keys.txt");
        File.WriteAllText(keys, Key);
        await using var studio = await StartAsync([ThisMachine], uploadsPerMinute: 2, apiKeysFile: keys);

        // New owner cookies are free: the address is still counted.
        Assert.Equal(HttpStatusCode.Accepted, await NewBrowserPostsAsync(studio, "203.0.113.1"));
        Assert.Equal(HttpStatusCode.Accepted, await NewBrowserPostsAsync(studio, "203.0.113.1"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await NewBrowserPostsAsync(studio, "203.0.113.1"));
        // Another client behind the same proxy has room of its own.
        Assert.Equal(HttpStatusCode.Accepted, await NewBrowserPostsAsync(studio, "203.0.113.2"));

        // One key from many addresses is one owner.
        Assert.Equal(HttpStatusCode.Accepted, await KeyPostsAsync(studio, "198.51.100.1"));
        Assert.Equal(HttpStatusCode.Accepted, await KeyPostsAsync(studio, "198.51.100.2"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await KeyPostsAsync(studio, "198.51.100.3"));
        // A job refused for its owner took nothing from its address.
        Assert.Equal(HttpStatusCode.Accepted, await NewBrowserPostsAsync(studio, "198.51.100.3"));
        Assert.Equal(HttpStatusCode.Accepted, await NewBrowserPostsAsync(studio, "198.51.100.3"));
    }
}
