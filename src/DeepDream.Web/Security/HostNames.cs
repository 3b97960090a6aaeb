using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace DeepDream.Web.Security;

/// <summary>
/// The names the studio answers to (the Host header). A site can point a name of its own at 127.0.0.1 (DNS rebinding):
/// a browser then takes the studio for that site, and lets the site's page read everything the studio answers. So a
/// studio answers loopback's names, which no other site can own, and the operator's <see cref="StudioOptions.AllowedHosts"/>;
/// a public studio without any answers every name, being meant to be reached, and under a name its operator chose.
/// </summary>
static class HostNames
{
    static readonly StringSegment[] Loopback = ["localhost"];

    public static void Use(WebApplication app, StudioOptions options)
    {
        if (options.Public && options.AllowedHosts.Count == 0) return;
        StringSegment[] names = [.. Loopback, .. options.AllowedHosts.Select(h => new StringSegment(h))];
        app.Use(async (context, next) =>
        {
            var host = context.Request.Host;
            // Only an HTTP/1.0 client sends no name, and no browser is one.
            if (!host.HasValue || IsLoopbackAddress(host) || HostString.MatchesAny(host.Value, names)) { await next(context); return; }
            await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown host",
                detail: $"this studio is not served under the name '{Excerpt.Of(host.Host)}'; open it under its own name, or start it with that name in --allowed-hosts").ExecuteAsync(context);
        });
    }

    /// <summary>127.0.0.1 or [::1] (any loopback address) written as such: no name that could be made to point elsewhere.</summary>
    static bool IsLoopbackAddress(HostString host) => IPAddress.TryParse(host.Host, out var address) && IPAddress.IsLoopback(address);
}
