using System.Data.Common;
using DeepDream.Web.Jobs;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace DeepDream.Web.Api;

/// <summary>
/// Any request that needed the job database while it did not answer: a 503 with one sentence and a Retry-After,
/// not an error page. Nothing was half-done: a job is queued in one statement, after its files are kept.
/// </summary>
sealed class DatabaseUnavailable(IProblemDetailsService problems) : IExceptionHandler
{
    public static string Sentence(DbException e) => JobStorage.Unreachable(e, "nothing was changed, try again in a moment");

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancel)
    {
        if (exception is not DbException e) return false;
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "5";
        return await problems.TryWriteAsync(new()
        {
            HttpContext = context,
            ProblemDetails = { Status = StatusCodes.Status503ServiceUnavailable, Title = "The service is unavailable for a moment", Detail = Sentence(e) },
        });
    }
}
