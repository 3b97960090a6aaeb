using DeepDream.Imaging;
using DeepDream.Visualization;
using DeepDream.Web.Api;
using Microsoft.AspNetCore.Http;

namespace DeepDream.Web.Jobs;

/// <summary>
/// A layer's channel sheet, rendered once: a request for a sheet already in the cache gets it, one for a sheet
/// being rendered gets that job, and a finished job adds its sheet to the cache.
/// </summary>
public sealed class SheetJobHandler(ISheetCache cache) : IJobHandler
{
    const string ResultFile = "result.png";

    public JobKind Kind => JobKind.Sheet;

    public string Route => "sheets";

    public string Summary => "Render a layer's channel sheet once: model, layer, channels (a range like 0-31), renderer (naive|multiscale|lapnorm|fourier), "
        + "size, iterations; answers 200 with the sheet if it is cached, or 202 with the job that renders it (a new one, or the one already at it)";

    public Upload Upload => Upload.None;

    public JobOptions ReadOptions(OptionFields form) => new(null, null, null, Sheet: SheetRequest.Read(form));

    public IResult? Existing(JobOptions options, IJobStore store)
    {
        var request = options.Sheet!;
        if (cache.Find(request) is { } sheet) return Results.Ok(sheet);
        return store.List().FirstOrDefault(j => j.Kind == Kind && !j.Finished && JobOptions.FromStored(j.Options).Sheet == request) is { } pending
            ? JobEndpoints.Queued(pending.Id)
            : null;
    }

    public Task SaveInputAsync(IFormCollection form, JobOptions options, string folder, EarlierJobs earlier, CancellationToken cancel) => Task.CompletedTask;

    public string Run(JobWork work)
    {
        var request = work.Options.Sheet!;
        var result = ChannelSheet.Render(request.Options(work.Seed), new SyncProgress<SheetProgress>(p =>
            work.Progress.Report(p.Fraction, $"channel {p.Channel} ({p.Done + 1}/{p.Count})", null)), work.Cancel);
        var picture = Path.Combine(work.Folder, ResultFile);
        ImageFile.Write(result.Image, picture);
        cache.Add(request, picture, result, work.Job.Id);
        return ResultFile;
    }
}
