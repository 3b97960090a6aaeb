using DeepDream.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DeepDream.Web.Api;

/// <summary>What the page asks first: the token its requests that change jobs carry on a public studio.</summary>
static class SessionEndpoints
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/session", (Caller caller, HttpContext context) =>
        {
            // Each page asks for its own; a cached one could be another owner's.
            context.Response.Headers.CacheControl = "no-store";
            // Only a browser on a public studio needs one: a local studio and a key's scripts send none.
            var token = caller is { Keyed: false, Owner: { } owner } ? context.RequestServices.GetRequiredService<CsrfTokens>().For(owner) : null;
            return TypedResults.Ok(new Session(token));
        }).WithSummary($"The token a browser sends as {CsrfTokens.Header} on a public studio's POST and DELETE requests (null when none is needed)");

    internal sealed record Session(string? Token);
}
