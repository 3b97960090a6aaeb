using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using DeepDream.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace DeepDream.Web.Api;

/// <summary>
/// How many jobs one client may queue a minute: beyond it, a 429 that says when to try again. Every job is seconds to
/// minutes of compute; one client must not take them all. A job counts against its owner (a browser's cookie, a
/// script's key; a local studio has none) and against its address, and both must have room: a browser gets a new owner
/// cookie for the asking, and one key can be used from many addresses. Behind a known proxy the address is the one the
/// proxy forwarded (<see cref="ForwardedRequests"/>).
/// </summary>
static class UploadLimits
{
    /// <summary>Counts the endpoint's requests against the limits; no other endpoint is limited.</summary>
    public static TBuilder WithUploadLimits<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder => endpoint.WithMetadata(Counted.Marker);

    public static void AddTo(IServiceCollection services, StudioOptions options) => services.AddRateLimiter(limits =>
    {
        if (options.UploadsPerMinute <= 0) return;
        // The owner first: a job refused for its owner then takes nothing from its address, which other clients may share.
        limits.GlobalLimiter = PartitionedRateLimiter.CreateChained(Counting(options, Owner), Counting(options, Address));
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

    /// <summary>A window of the limit for each client that <paramref name="client"/> names; a request it names none for is not counted.</summary>
    static PartitionedRateLimiter<HttpContext> Counting(StudioOptions options, Func<HttpContext, string?> client) => PartitionedRateLimiter.Create<HttpContext, string>(context =>
        context.GetEndpoint()?.Metadata.GetMetadata<Counted>() is not null && client(context) is { } key
            ? RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = options.UploadsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
            : RateLimitPartition.GetNoLimiter(""));

    static string? Owner(HttpContext context) => context.Features.Get<Caller>()?.Owner;

    /// <summary>
    /// An IPv6 client by its /64 network, as one machine is usually given a whole /64 and may take any address in it; an
    /// IPv4 client by its IPv4 address, also where a dual-stack socket gives it as ::ffff:a.b.c.d, whose /64 holds every IPv4 client.
    /// </summary>
    static string Address(HttpContext context) => context.Connection.RemoteIpAddress switch
    {
        null => "unknown",
        { IsIPv4MappedToIPv6: true } mapped => mapped.MapToIPv4().ToString(),
        { AddressFamily: AddressFamily.InterNetworkV6 } v6 => new IPNetwork(v6, 64).ToString(),
        var v4 => v4.ToString(),
    };

    sealed class Counted
    {
        public static readonly Counted Marker = new();
    }
}
