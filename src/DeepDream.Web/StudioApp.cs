using DeepDream.Web.Api;
using DeepDream.Web.Jobs;
using DeepDream.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DeepDream.Web;

/// <summary>
/// The web studio: the page, the JSON API (OpenAPI at /openapi/v1.json), and the job workers; or, on a
/// machine that only runs jobs, the workers alone (with /healthz and /metrics if asked).
/// </summary>
public static class StudioApp
{
    /// <param name="kinds">Registers more kinds of job (<see cref="JobKinds.AddJobKind{THandler}"/>) beside the studio's own.</param>
    public static WebApplication Create(StudioOptions options, Action<IServiceCollection>? kinds = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.Urls);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // The photos' limit for every request; a kind of job with larger uploads raises it for its own (JobEndpoints.Submit).
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxUploadBytes + Upload.FormOverhead);
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new() { Title = "deepdream studio API", Version = "v1", Description = "Queue dreams, zoom videos, dreams of video clips, looks sheets and channel sheets, follow their progress, fetch their results." };
            return Task.CompletedTask;
        }).AddOperationTransformer(RequestSchemas.Describe));
        AddJobs(builder.Services, options, kinds);
        builder.Services.AddExceptionHandler<DatabaseUnavailable>();
        builder.Services.AddSingleton(s => new EarlierJobs(s.GetRequiredService<IJobStore>(), s.GetRequiredService<IJobFiles>()));
        UploadLimits.AddTo(builder.Services, options);
        Owners.AddTo(builder.Services, options);

        var app = builder.Build();
        app.UseExceptionHandler();
        SecurityHeaders.Use(app);
        // First, as everything after reads the client's address, the scheme or the name as the client sent them to the proxy.
        ForwardedRequests.Use(app, options);
        HostNames.Use(app, options);
        SameOrigin.Use(app, options);
        // Before the limits, which count jobs against their owner, and before the page, whose first request gets a browser its owner.
        Owners.Use(app, options);
        app.UseRateLimiter();
        var page = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "wwwroot"));
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = page });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = page });
        app.MapOpenApi();
        JobEndpoints.Map(app);
        SheetEndpoints.Map(app);
        SessionEndpoints.Map(app);
        OptionsEndpoints.Map(app);
        HealthEndpoints.Map(app);
        MetricsEndpoints.Map(app);
        return app;
    }

    /// <summary>A worker node: takes jobs from the shared store and runs them; serves /healthz and /metrics on <paramref name="healthUrls"/> if given.</summary>
    /// <inheritdoc cref="Create"/>
    public static IHost CreateWorker(StudioOptions options, string? healthUrls, Action<IServiceCollection>? kinds = null)
    {
        if (healthUrls is null)
        {
            var plain = Host.CreateApplicationBuilder();
            plain.Logging.SetMinimumLevel(LogLevel.Warning);
            AddJobs(plain.Services, options, kinds);
            return plain.Build();
        }
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(healthUrls);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        AddJobs(builder.Services, options, kinds);
        var app = builder.Build();
        HealthEndpoints.Map(app);
        MetricsEndpoints.Map(app);
        return app;
    }

    /// <summary>
    /// What every node has: the job storage the options name, the kinds of job, and this node's workers. The storage
    /// is opened here, so that a database that does not answer stops the node before it starts, with its reason.
    /// </summary>
    static void AddJobs(IServiceCollection services, StudioOptions options, Action<IServiceCollection>? kinds)
    {
        services.AddSystemd();
        var folders = new JobFolders(options.DataFolder);
        var storage = JobStorage.Open(options, folders);
        services.AddSingleton(options);
        services.AddSingleton(folders);
        // Made by a factory, so that the container disposes it.
        services.AddSingleton(_ => storage);
        services.AddSingleton(s => s.GetRequiredService<JobStorage>().Store);
        services.AddSingleton(s => s.GetRequiredService<JobStorage>().Files);
        services.AddSingleton(s => s.GetRequiredService<JobStorage>().Board);
        services.AddSingleton(s => s.GetRequiredService<JobStorage>().Sheets);
        services.AddJobKinds();
        kinds?.Invoke(services);
        services.AddSingleton<JobRunner>();
        services.AddHostedService(s => s.GetRequiredService<JobRunner>());
        // A stopping worker gets the time to hand its job back (it stops at the next step, then releases it).
        services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(30));
    }
}
