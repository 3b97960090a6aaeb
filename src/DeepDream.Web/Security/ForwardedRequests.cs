using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;

namespace DeepDream.Web.Security;

/// <summary>
/// What a studio behind a reverse proxy takes from it: the client's address (X-Forwarded-For), which the upload limits
/// count; whether the client came over https (X-Forwarded-Proto), which makes the owner cookie Secure; and the name it
/// asked for (X-Forwarded-Host), which <see cref="HostNames"/> then checks, a proxy often passing on a name of its own.
/// Only the <see cref="StudioOptions.KnownProxies"/> are believed: any client can write these headers.
/// </summary>
static class ForwardedRequests
{
    public static void Use(WebApplication app, StudioOptions options)
    {
        if (options.KnownProxies.Count == 0) return;
        var forwarded = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost,
            // Through a chain of known proxies (a CDN, then nginx) to the first address that is not one: the client.
            ForwardLimit = null,
        };
        // ASP.NET Core believes loopback by default; a proxy on this machine is believed here only if named, as any program on it could connect.
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        foreach (var proxy in options.KnownProxies) forwarded.KnownIPNetworks.Add(proxy);
        app.UseForwardedHeaders(forwarded);
    }
}
