using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace DeepDream.Web.Security;

/// <summary>
/// On a local studio, refuses a change whose Origin is not the studio's own. A page on any site may make its visitor's
/// browser post a form to 127.0.0.1, needing nobody's permission; the browser then names the page's origin (or "null",
/// for a sandboxed frame or a file), as browsers do with every POST and DELETE. A request without one comes from no
/// browser's page, so scripts and curl keep the local studio's API as open as before.
/// A public studio needs none of this: a browser's change there needs the page's anti-forgery token (<see cref="Owners"/>).
/// </summary>
static class SameOrigin
{
    public static void Use(WebApplication app, StudioOptions options)
    {
        if (options.Public) return;
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (Owners.ChangesState(request.Method) && request.Headers[HeaderNames.Origin].FirstOrDefault() is { } origin && !IsOwn(origin, request))
            {
                await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                    detail: $"a page from {Excerpt.Of(origin)} may not change this studio's jobs; use the studio's own page, or send the request from a script, without an Origin header").ExecuteAsync(context);
                return;
            }
            await next(context);
        });
    }

    /// <summary>Compared as origins are: scheme, name and port, in any case, a default port written or not.</summary>
    static bool IsOwn(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var theirs) && Uri.TryCreate($"{request.Scheme}://{request.Host}", UriKind.Absolute, out var own)
        && Uri.Compare(theirs, own, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
}
