using DeepDream.Web;
using DeepDream.Web.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace DeepDream.Tests.Support;

/// <summary>The studio's kinds of job, registered as a studio with the default settings registers them, reading a request's fields without serving.</summary>
static class StudioForms
{
    static readonly Lazy<JobHandlers> Handlers = new(() =>
    {
        var options = new StudioOptions { DataFolder = Directory.CreateTempSubdirectory("deepdream-forms").FullName };
        var services = new ServiceCollection()
            .AddSingleton(options)
            .AddSingleton<ISheetCache>(new FolderSheetCache(options.DataFolder))
            .AddJobKinds();
        return services.BuildServiceProvider().GetRequiredService<JobHandlers>();
    });

    /// <summary>The request a kind's handler reads from these fields (by their names: octaveScale), checked as the studio checks it.</summary>
    /// <param name="kind">As the API calls it: dream, zoom, video, looks, sheet.</param>
    public static object Read(string kind, Func<string, string?> field) =>
        Handlers.Value.All.Single(h => h.Kind.Label == kind).Read(new OptionFields(field));
}
