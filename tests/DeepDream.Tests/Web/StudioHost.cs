using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DeepDream.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DeepDream.Tests.Web;

/// <summary>The real studio on a free localhost port, with its own data folder.</summary>
public sealed class StudioHost : IAsyncDisposable
{
    readonly WebApplication app;

    StudioHost(WebApplication app, string dataFolder)
    {
        this.app = app;
        DataFolder = dataFolder;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public HttpClient Client { get; }
    public string DataFolder { get; }
    public Uri Address => Client.BaseAddress!;

    /// <summary>The studio's own services, for a test that reaches inside (holds its decode budget, say).</summary>
    public IServiceProvider Services => app.Services;

    /// <param name="maxImageSize">Uploads are scaled to this: small for quick jobs.</param>
    /// <param name="isPublic">Served as to the world: owners, keys, tokens (<see cref="StudioOptions.Public"/>).</param>
    /// <param name="configure">Any other option, set on the options made from the rest.</param>
    /// <param name="kinds">More kinds of job, beside the studio's own.</param>
    public static async Task<StudioHost> StartAsync(int workers = 1, long maxUploadBytes = 20 * 1024 * 1024, string? dataFolder = null, int maxImageSize = 160,
        long maxVideoUploadBytes = 100 * 1024 * 1024, bool isPublic = false, string? apiKeysFile = null, string? adminKey = null,
        Func<StudioOptions, StudioOptions>? configure = null, Action<IServiceCollection>? kinds = null)
    {
        dataFolder ??= Directory.CreateTempSubdirectory("deepdream-studio").FullName;
        var options = new StudioOptions
        {
            Urls = "http://127.0.0.1:0", DataFolder = dataFolder, Workers = workers, MaxUploadBytes = maxUploadBytes, MaxImageSize = maxImageSize,
            MaxVideoUploadBytes = maxVideoUploadBytes, Public = isPublic, ApiKeysFile = apiKeysFile, AdminKey = adminKey,
        };
        var app = StudioApp.Create(configure?.Invoke(options) ?? options, kinds);
        await app.StartAsync();
        return new StudioHost(app, dataFolder);
    }

    public static MultipartFormDataContent Form(string? imagePath, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        if (imagePath is not null) form.Add(new ByteArrayContent(File.ReadAllBytes(imagePath)), "image", Path.GetFileName(imagePath));
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        return form;
    }

    public async Task<string> SubmitAsync(string path, MultipartFormDataContent form)
    {
        var response = await Client.PostAsync(path, form);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal($"/api/jobs/{id}", response.Headers.Location!.OriginalString);
        return id;
    }

    /// <summary>Posts a request that must be refused with a 400 problem whose detail says <paramref name="expected"/>, and queue nothing.</summary>
    public async Task RefusedAsync(string path, MultipartFormDataContent form, string expected)
    {
        var response = await Client.PostAsync(path, form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.Contains(expected, detail);
        Assert.DoesNotContain(DataFolder, detail);
        Assert.Empty(await Client.GetFromJsonAsync<JsonElement[]>("/api/jobs") ?? []);
        Assert.Empty(Directory.GetDirectories(Path.Combine(DataFolder, "jobs")));
    }

    /// <summary>Deletes a finished job, which takes its files with it.</summary>
    public async Task DeleteAsync(string id)
    {
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/jobs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/jobs/{id}")).StatusCode);
        Assert.False(Directory.Exists(Path.Combine(DataFolder, "jobs", id)));
    }

    public async Task<JsonElement> JobAsync(string id) => await Client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}");

    /// <summary>Polls until the job reaches one of the statuses; a job that finished otherwise fails at once.</summary>
    public async Task<JsonElement> WaitAsync(string id, params string[] statuses)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var job = await JobAsync(id);
            var status = job.GetProperty("status").GetString();
            if (statuses.Contains(status)) return job;
            if (status is "done" or "failed" or "cancelled") throw new TimeoutException($"job {id} ended {status}, never {string.Join(" or ", statuses)}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"job {id} is still {status}");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
