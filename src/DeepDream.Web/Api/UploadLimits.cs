using System.Threading.RateLimiting;
using DeepDream.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace DeepDream.Web.Api;

/// <summary>
/// How many jobs one client may queue a minute (a script's API key on a public studio, else its address): beyond it, a
/// 429 that says when to try again. Every job is seconds to minutes of compute; one client must not take them all.
/// </summary>
static class UploadLimits
{
    public const string Policy = "uploads";

    public static void AddTo(IServiceCollection services, StudioOptions options) => services.AddRateLimiter(limits =>
    {
        limits.AddPolicy(Policy, context => options.UploadsPerMinute <= 0
            ? RateLimitPartition.GetNoLimiter("")
            : RateLimitPartition.GetFixedWindowLimiter(Client(context), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = options.UploadsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
            }));
        limits.OnRejected = async (rejected, cancel) =>
        {
            var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? (int)Math.Ceiling(after.TotalSeconds) : 60;
            var response = rejected.HttpContext.Response;
            response.StatusCode = StatusCodes.Status429TooManyRequests;
            response.Headers.RetryAfter = wait.ToString();
            await Results.Problem(
                detail: $"this client has queued {options.UploadsPerMinute} jobs in the last minute, the studio's limit; try again in {wait} seconds",
                statusCode: StatusCodes.Status429TooManyRequests, title: "Too many jobs").ExecuteAsync(rejected.HttpContext);
        };
    });

    /// <summary>Whom a request counts against: a browser by its address, as a new owner cookie is free for the asking.</summary>
    static string Client(HttpContext context) => context.Features.Get<Caller>() is { Keyed: true, Owner: { } key } ? key
        : context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
