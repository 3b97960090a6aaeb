using DeepDream.Web.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DeepDream.Web.Api;

/// <summary>The channel sheets already rendered (POST /api/sheets, a kind of job, renders them).</summary>
static class SheetEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/sheets", Find)
            .WithSummary("A rendered channel sheet, by the fields POST /api/sheets takes: its picture's address and each channel's tile; 404 if not rendered yet");
        api.MapGet("/sheets/{key}/image", (string key, ISheetCache cache) =>
            cache.OpenPicture(key) is { } picture ? Results.File(picture, "image/png") : JobEndpoints.Missing($"no sheet '{key}'")).WithSummary("A rendered sheet's picture");
    }

    static IResult Find(HttpRequest request, ISheetCache cache)
    {
        SheetRequest sheet;
        try { sheet = SheetRequest.Read(new OptionFields(name => request.Query[name].FirstOrDefault())); }
        catch (DeepDreamException e) { return JobEndpoints.BadRequest(e.Message); }
        return cache.Find(sheet) is { } found ? Results.Ok(found)
            : JobEndpoints.Missing($"the sheet of {sheet.Layer} channels {sheet.Channels} is not rendered yet; POST /api/sheets with the same fields renders it");
    }
}
