using Microsoft.AspNetCore.Builder;

namespace DeepDream.Web.Security;

/// <summary>
/// What every response tells the browser: run only the studio's own script and styles (an injected tag or attribute
/// does nothing), show pictures and videos from the studio or the page's own blobs (the photo being chosen), never
/// inside another site's frame, never guess a type from content, and name no page to other sites.
/// </summary>
static class SecurityHeaders
{
    const string Policy = "default-src 'self'; img-src 'self' blob:; media-src 'self' blob:; style-src 'self'; script-src 'self'; "
        + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    public static void Use(IApplicationBuilder app) => app.Use((context, next) =>
    {
        // Set as the response starts, so an error's response, whose headers were cleared on the way, has them too.
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = Policy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(context);
    });
}
