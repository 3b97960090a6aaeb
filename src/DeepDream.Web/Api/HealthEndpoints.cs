using System.Data.Common;
using DeepDream.Web.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DeepDream.Web.Api;

/// <summary>GET /healthz: for a load balancer or an operator — the job database reachable, and how many jobs wait.</summary>
static class HealthEndpoints
{
    public sealed record Health(string Status, int? Queued, string? Error);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/healthz", Check).WithSummary("200 with the queue depth while the job database answers; 503 with the reason when it does not");

    static IResult Check(IJobStore store)
    {
        try
        {
            return Results.Ok(new Health("ok", store.QueueDepth(), null));
        }
        catch (DbException e)
        {
            return Results.Json(new Health("unavailable", null, DatabaseUnavailable.Sentence(e)),
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
