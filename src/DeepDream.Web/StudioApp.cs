using DeepDream.Web.Api;
using DeepDream.Web.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace DeepDream.Web;

/// <summary>The web studio: the page, the JSON API (OpenAPI at /openapi/v1.json), and the job workers.</summary>
public static class StudioApp
{
    public static WebApplication Create(StudioOptions options)
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
        }));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<IJobStore>(new SqliteJobStore(options.DataFolder));
        builder.Services.AddSingleton(new JobFolders(options.DataFolder));
        builder.Services.AddSingleton(JobHandlers.Create(options));
        builder.Services.AddSingleton(new GuideInput(new ImageInput(options)));
        builder.Services.AddSingleton(new SheetCache(options.DataFolder));
        builder.Services.AddSingleton<JobProgressBoard>();
        builder.Services.AddSingleton<JobRunner>();
        builder.Services.AddHostedService(s => s.GetRequiredService<JobRunner>());

        var app = builder.Build();
        app.UseExceptionHandler();
        var page = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "wwwroot"));
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = page });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = page });
        app.MapOpenApi();
        JobEndpoints.Map(app);
        SheetEndpoints.Map(app);
        HealthEndpoints.Map(app);
        return app;
    }
}
