namespace DeepDream.Web.Jobs;

/// <summary>The kinds of job the studio runs, each by its handler: the one list of them.</summary>
public sealed class JobHandlers
{
    readonly Dictionary<JobKind, IJobHandler> byKind;

    JobHandlers(IEnumerable<IJobHandler> handlers) => byKind = handlers.ToDictionary(h => h.Kind);

    public static JobHandlers Create(StudioOptions options, ISheetCache sheets, ImageInput images) =>
        new([
            new DreamJobHandler(images, options), new ZoomJobHandler(images), new VideoJobHandler(new ClipInput(options), options),
            new LooksJobHandler(images), new SheetJobHandler(sheets),
        ]);

    public IEnumerable<IJobHandler> All => byKind.Values;

    public IJobHandler this[JobKind kind] => byKind[kind];
}
