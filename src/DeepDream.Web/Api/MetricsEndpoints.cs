using System.Globalization;
using System.Text;
using DeepDream.Web.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DeepDream.Web.Api;

/// <summary>
/// GET /metrics in Prometheus' text format: jobs by status, and histograms of the seconds finished jobs ran and
/// waited in the queue, by kind. They are the store's, so every node shows the whole studio's.
/// </summary>
static class MetricsEndpoints
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/metrics", (IJobStore store) => Results.Text(Render(store.Stats()), "text/plain; version=0.0.4; charset=utf-8"))
            .WithSummary("Prometheus metrics: jobs by status, seconds per job and queue wait by kind");

    public static string Render(JobStats stats)
    {
        var text = new StringBuilder();
        text.Append("# HELP deepdream_jobs Jobs in the store, by status.\n# TYPE deepdream_jobs gauge\n");
        foreach (var (status, count) in stats.ByStatus.OrderBy(s => s.Key))
            text.Append($"deepdream_jobs{{status=\"{Name(status)}\"}} {count}\n");
        Histogram(text, "deepdream_job_seconds", "Seconds a finished job ran, from its first claim to its end, by kind.", stats, k => (k.RunBuckets, k.RunSeconds));
        Histogram(text, "deepdream_queue_wait_seconds", "Seconds a finished job waited in the queue before a worker first took it, by kind.", stats, k => (k.WaitBuckets, k.WaitSeconds));
        return text.ToString();
    }

    static void Histogram(StringBuilder text, string name, string help, JobStats stats, Func<KindTimes, (IReadOnlyList<int> Buckets, double Sum)> of)
    {
        text.Append($"# HELP {name} {help}\n# TYPE {name} histogram\n");
        foreach (var kind in stats.Kinds)
        {
            var (buckets, sum) = of(kind);
            var label = $"kind=\"{kind.Kind.Label}\"";
            for (var b = 0; b < buckets.Count; b++)
                text.Append($"{name}_bucket{{{label},le=\"{JobStats.Buckets[b].ToString(CultureInfo.InvariantCulture)}\"}} {buckets[b]}\n");
            text.Append($"{name}_bucket{{{label},le=\"+Inf\"}} {kind.Count}\n");
            text.Append($"{name}_sum{{{label}}} {sum.ToString("0.###", CultureInfo.InvariantCulture)}\n{name}_count{{{label}}} {kind.Count}\n");
        }
    }

    static string Name<T>(T value) where T : Enum => value.ToString().ToLowerInvariant();
}
