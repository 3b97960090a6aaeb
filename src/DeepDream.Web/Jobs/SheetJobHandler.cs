using DeepDream.Imaging;
using DeepDream.Requests;
using DeepDream.Visualization;

namespace DeepDream.Web.Jobs;

/// <summary>
/// A layer's channel sheet, rendered once: a request for a sheet already in the cache gets it, one for a sheet
/// being rendered gets that job, and a finished job adds its sheet to the cache.
/// </summary>
public sealed class SheetJobHandler(ISheetCache cache) : JobHandler<SheetRequest>(SheetKind, "sheets",
    "Render a layer's channel sheet once; answers 200 with the sheet if it is cached, or 202 with the job that renders it (a new one, or the one already at it)",
    Upload.None)
{
    /// <summary>A sheet is anybody's to follow: it depends only on its settings.</summary>
    public static readonly JobKind SheetKind = new("Sheet");

    const string ResultFile = "result.png";

    /// <summary>The request is the sheet's settings resolved (<see cref="SheetRequest"/>); its fields are the sheet options'.</summary>
    public override OptionSpecs Fields => OptionSpecs.Of<SheetOptions>();

    public override SheetRequest Read(OptionFields form) => SheetRequest.Read(form);

    public override ExistingWork? Existing(SheetRequest request, IJobStore store)
    {
        if (cache.Find(request) is { } sheet) return new ExistingResult(sheet);
        return store.List().FirstOrDefault(j => j.Kind == Kind && !j.Finished && StoredRequest.Read(Kind, j.Options, Legacy) == request) is { } pending
            ? new ExistingJob(pending.Id)
            : null;
    }

    public override Task<SheetRequest> SaveInputAsync(OptionFields form, SheetRequest request, string folder, EarlierJobs earlier, CancellationToken cancel) =>
        Task.FromResult(request);

    protected override SheetRequest Legacy(LegacyOptions stored) => stored.Sheet!;

    public override string Run(JobWork<SheetRequest> work)
    {
        var request = work.Request;
        var result = ChannelSheet.Render(request.Options(work.Seed), new SyncProgress<SheetProgress>(p =>
            work.Progress.Report(p.Fraction, $"channel {p.Channel} ({p.Done + 1}/{p.Count})", null)), work.Cancel);
        var picture = Path.Combine(work.Folder, ResultFile);
        ImageFile.Write(result.Image, picture);
        cache.Add(request, picture, result, work.Job.Id);
        return ResultFile;
    }
}
