using Microsoft.Extensions.DependencyInjection;

namespace DeepDream.Web.Jobs;

/// <summary>The kinds of job the studio runs, each by its handler, as registered (<see cref="JobKinds"/>).</summary>
public sealed class JobHandlers(IEnumerable<IJobHandler> handlers)
{
    readonly Dictionary<JobKind, IJobHandler> byKind = handlers.ToDictionary(h => h.Kind);

    public IEnumerable<IJobHandler> All => byKind.Values;

    public IJobHandler this[JobKind kind] => byKind.TryGetValue(kind, out var handler) ? handler
        : throw new DeepDreamException($"this studio runs no jobs of kind '{kind}'");
}

/// <summary>The one list of the studio's kinds of job: a new kind is its request, its handler, and one line here.</summary>
public static class JobKinds
{
    /// <summary>The kinds, the inputs they read (one decode budget for every upload, photos and guides alike), and their list.</summary>
    public static IServiceCollection AddJobKinds(this IServiceCollection services) => services
        .AddSingleton<DecodeBudget>()
        .AddSingleton<ImageInput>()
        .AddSingleton<GuideInput>()
        .AddSingleton<ClipInput>()
        .AddSingleton<JobHandlers>()
        .AddJobKind<DreamJobHandler>()
        .AddJobKind<ZoomJobHandler>()
        .AddJobKind<ClipJobHandler>()
        .AddJobKind<LooksJobHandler>()
        .AddJobKind<SheetJobHandler>();

    /// <summary>Registers a kind; its handler's constructor takes any of the studio's services.</summary>
    public static IServiceCollection AddJobKind<THandler>(this IServiceCollection services) where THandler : class, IJobHandler =>
        services.AddSingleton<IJobHandler, THandler>();
}
