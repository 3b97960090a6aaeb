using System.Runtime.CompilerServices;
using System.Text.Json;
using DeepDream.Imaging;
using DeepDream.Models;
using DeepDream.Web.Jobs;
using DeepDream.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace DeepDream.Web.Api;

/// <summary>
/// The JSON HTTP API behind the page. Every job it names is looked up for its <see cref="Caller"/> (<see cref="Visible"/>):
/// on a public studio, another owner's job is as unknown as one that never was.
/// </summary>
static class JobEndpoints
{
    static readonly Dictionary<string, string> ContentTypes = new()
    {
        [".png"] = "image/png", [".mp4"] = "video/mp4", [".webm"] = "video/webm", [".gif"] = "image/gif",
    };

    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        foreach (var handler in app.ServiceProvider.GetRequiredService<JobHandlers>().All)
            api.MapPost($"/{handler.Route}", (HttpRequest request, Caller caller, IJobStore store, JobFolders folders, IJobFiles files, EarlierJobs earlier, JobRunner runner) =>
                    Submit(handler, request, caller, store, folders, files, earlier, runner))
                .DisableAntiforgery().WithUploadLimits().WithSummary(handler.Summary).WithMetadata(handler);
        api.MapGet("/jobs", (Caller caller, IJobStore store, IProgressBoard board, JobHandlers handlers) =>
                TypedResults.Ok(store.List(caller.Listed).Select(j => Describe(j, store, board, handlers))))
            .WithSummary("All jobs, newest first (on a public studio, the caller's own)");
        api.MapGet("/jobs/{id}", GetJob).WithSummary("A job's status and progress").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/jobs/{id}/events", Events).WithSummary("Server-sent events: the job's progress until it finishes").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/jobs/{id}/result", Result).WithSummary("The finished image (format=png|jpg) or video");
        api.MapGet("/jobs/{id}/input", (string id, Caller caller, IJobStore store, IJobFiles files) => JobPicture(id, ImageInput.FileName, caller, store, files))
            .WithSummary("The job's input image");
        api.MapGet("/jobs/{id}/guide", (string id, Caller caller, IJobStore store, IJobFiles files) => JobPicture(id, GuideInput.FileName, caller, store, files))
            .WithSummary("A guided job's guide image");
        api.MapGet("/jobs/{id}/preview", Preview).WithSummary("The latest preview of a running job");
        api.MapDelete("/jobs/{id}", Delete).WithSummary("Cancel a queued or running job; delete a finished one");
        api.MapGet("/models", Models).WithSummary("Models with their layers, presets and default layer");
    }

    static async Task<IResult> Submit(IJobHandler handler, HttpRequest request, Caller caller, IJobStore store, JobFolders folders, IJobFiles files,
        EarlierJobs earlier, JobRunner runner)
    {
        var upload = handler.Upload;
        if (request.ContentLength > upload.MaxBytes) return BadRequest(upload.TooLarge);
        if (!request.HasFormContentType) return BadRequest(upload.FormExpected);
        // The server's limit is the photos'; this kind's own applies to its requests.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } body) body.MaxRequestBodySize = upload.RequestLimit;
        IFormCollection form;
        try { form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = upload.MaxBytes }); }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            return BadRequest(upload.Unreadable(e.Message));
        }

        var fields = Fields(form);
        object options;
        try { options = handler.Read(fields); }
        catch (DeepDreamException e) { return BadRequest(e.Message); }
        switch (handler.Existing(options, store))
        {
            case ExistingResult found: return Results.Ok(found.Result);
            case ExistingJob pending: return Queued(pending.Id);
        }

        var id = JobIds.New();
        var folder = folders.Create(id);
        try
        {
            options = await handler.SaveInputAsync(fields, options, folder, earlier with { Reachable = caller.Owns }, request.HttpContext.RequestAborted);
            // Its files are kept before the job is queued: a worker that takes it finds them.
            files.Push(id);
            store.Add(new Job(id, handler.Kind, JobStatus.Queued, handler.Store(options), DateTimeOffset.UtcNow, null, null, caller.Owner));
        }
        catch (Exception e)
        {
            Forget(id, files);
            if (e is DeepDreamException) return BadRequest(e.Message);
            if (e is StudioBusyException busy) return Busy(request.HttpContext.Response, busy);
            throw;
        }
        files.Unload(id);
        runner.Notify();
        return Queued(id);
    }

    /// <summary>The form as the job handlers read it: its fields and files, no HTTP types.</summary>
    static OptionFields Fields(IFormCollection form) => new(name => form[name].FirstOrDefault(),
        name => form.Files.GetFile(name) is { } file ? new UploadedFile(file.Length, file.CopyToAsync) : null);

    /// <summary>A job that could not be queued leaves nothing behind, here or in the shared store (as far as it answers).</summary>
    static void Forget(string id, IJobFiles files)
    {
        try { files.Delete(id); }
        catch (System.Data.Common.DbException) { }
    }

    /// <summary>The answer to a request that queued a job, or found its job already queued or running.</summary>
    static IResult Queued(string id) => Results.Accepted($"/api/jobs/{id}", new { id });

    /// <summary>The job, if the caller may see it; null for another owner's job, as for an unknown id.</summary>
    static Job? Visible(string id, Caller caller, IJobStore store) => store.Get(id) is { } job && caller.Sees(job) ? job : null;

    static Results<Ok<JobView>, ProblemHttpResult> GetJob(string id, Caller caller, IJobStore store, IProgressBoard board, JobHandlers handlers) =>
        Visible(id, caller, store) is { } job ? TypedResults.Ok(Describe(job, store, board, handlers)) : NotFound(id);

    static JobView Describe(Job job, IJobStore store, IProgressBoard board, JobHandlers handlers)
    {
        var live = job.Status == JobStatus.Running ? board.Get(job.Id) : null;
        return new(
            Id: job.Id,
            Kind: job.Kind.Label,
            Status: job.Status.ToString().ToLowerInvariant(),
            Progress: job.Status == JobStatus.Done ? 1 : live?.Fraction ?? 0,
            RemainingSeconds: live?.RemainingSeconds,
            Message: live?.Message,
            QueuePosition: job.Status == JobStatus.Queued ? store.QueuePosition(job.Id) : null,
            Error: job.Error,
            Created: job.Created,
            Options: RequestView.Of(handlers[job.Kind].Stored(job.Options), job.Id),
            Result: job.Result is null ? null : $"/api/jobs/{job.Id}/result",
            Preview: live?.Preview is null ? null : $"/api/jobs/{job.Id}/preview?v={live.PreviewVersion}");
    }

    /// <summary>Server-sent events: one 'progress' event whenever the job's state changes, until it finishes.</summary>
    static Results<ServerSentEventsResult<JobView>, ProblemHttpResult> Events(string id, Caller caller, IJobStore store, IProgressBoard board, JobHandlers handlers,
        CancellationToken cancel) =>
        Visible(id, caller, store) is null ? NotFound(id) : TypedResults.ServerSentEvents(Changes(id, store, board, handlers, cancel), eventType: "progress");

    static async IAsyncEnumerable<JobView> Changes(string id, IJobStore store, IProgressBoard board, JobHandlers handlers, [EnumeratorCancellation] CancellationToken cancel)
    {
        // Compared as sent: the options are a dictionary, equal by content only.
        string? last = null;
        while (!cancel.IsCancellationRequested && store.Get(id) is { } job)
        {
            var state = Describe(job, store, board, handlers);
            var sent = JsonSerializer.Serialize(state);
            if (sent != last)
            {
                last = sent;
                yield return state;
            }
            if (job.Finished) yield break;
            // As often as a worker writes progress to a shared store (four times a second): one query per stream and tick.
            await Task.Delay(250, cancel).ContinueWith(_ => { });
        }
    }

    static IResult Result(string id, string? format, bool? download, Caller caller, IJobStore store, IJobFiles files)
    {
        if (Visible(id, caller, store) is not { Result: { } file }) return NotFound(id);
        var content = files.Open(id, file);
        if (content is null) return Missing($"job '{id}' has lost its result");
        var name = $"deepdream-{id[..8]}";
        if (format is "jpg" or "jpeg" && file.EndsWith(".png"))
            using (content)
                return Results.File(ImageFile.Encode(ImageFile.Read(content, "the result"), SKEncodedImageFormat.Jpeg), "image/jpeg", download == true ? name + ".jpg" : null);
        var extension = Path.GetExtension(file);
        return Results.File(content, ContentTypes[extension], download == true ? name + extension : null, enableRangeProcessing: true);
    }

    /// <summary>One of the pictures a job keeps in its folder; a job without that one (a sheet has no input) has none to show.</summary>
    static IResult JobPicture(string id, string file, Caller caller, IJobStore store, IJobFiles files)
    {
        if (Visible(id, caller, store) is null) return NotFound(id);
        return files.Open(id, file) is { } picture ? Results.File(picture, "image/png") : Missing($"job '{id}' has no {Path.GetFileNameWithoutExtension(file)} image");
    }

    static IResult Preview(string id, Caller caller, IJobStore store, IProgressBoard board)
    {
        if (Visible(id, caller, store) is null) return NotFound(id);
        return board.Get(id)?.Preview is { } jpeg ? Results.File(jpeg, "image/jpeg") : Results.NoContent();
    }

    /// <summary>Only the owner's: a sheet job others may follow is still not theirs to cancel.</summary>
    static IResult Delete(string id, Caller caller, IJobStore store, IJobFiles files, JobRunner runner)
    {
        if (store.Get(id) is not { } job || !caller.Owns(job)) return NotFound(id);
        if (job.Finished)
        {
            store.Delete(id);
            files.Delete(id);
            return Results.NoContent();
        }
        store.Finish(id, JobStatus.Cancelled);
        runner.Cancel(id);
        return Results.Accepted($"/api/jobs/{id}", new { id, status = "cancelled" });
    }

    static readonly Lazy<object[]> ModelList = new(() => ModelCatalog.Names
        .Select(name =>
        {
            DreamModel model;
            try { model = ModelCatalog.Load(name); }
            catch (DeepDreamException e) { return (object)new { name, installed = false, note = e.Message }; }
            var channels = ModelLayers.Of(model);
            return new
            {
                name,
                installed = true,
                defaultLayer = model.DefaultLayer,
                presets = model.Presets,
                layers = model.Layers.Select(l => new { name = l.Name, channels = channels[l.Name] }),
            };
        }).ToArray());

    static IResult Models() => Results.Ok(ModelList.Value);

    public static IResult BadRequest(string message) => Results.Problem(detail: message, statusCode: StatusCodes.Status400BadRequest, title: "The request cannot be done");

    static IResult Busy(HttpResponse response, StudioBusyException busy)
    {
        response.Headers.RetryAfter = busy.RetryAfterSeconds.ToString();
        return Results.Problem(detail: busy.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "The studio is busy");
    }

    public static ProblemHttpResult Missing(string detail) => TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    static ProblemHttpResult NotFound(string id) => Missing($"no job '{id}'");
}
