using DeepDream.Dreaming;
using DeepDream.Dreaming.Objectives;
using DeepDream.Imaging;
using DeepDream.Models;
using DeepDream.Requests;

namespace DeepDream.Web.Jobs;

/// <summary>A dream of a photo: one PNG, its progress step by step through the octaves.</summary>
public sealed class DreamJobHandler(ImageInput images, GuideInput guides, StudioOptions options) : PhotoJobHandler<DreamRequest>(DreamKind, "dreams",
    "Queue a dream: multipart with file field 'image' (or 'from', a previous job's id), option fields "
    + "(what to dream: layer and channel, or objective, or strongest, or a guide image in the file field 'guide')",
    images, guides, new(r => r.Dream, (r, dream) => r with { Dream = dream }, (r, photo) => r with { Photo = photo }))
{
    public static readonly JobKind DreamKind = new("Dream");

    const string ResultFile = "result.png";

    protected override DreamRequest Legacy(LegacyOptions stored) => new() { Dream = stored.Dream! };

    public override string Run(JobWork<DreamRequest> work)
    {
        var dream = Dream(work);
        var photo = ImageInput.Read(work.Folder);
        var model = ModelCatalog.Load(dream.Model);
        // The strongest channels are ranked on the photo.
        using var dreamer = new Dreamer(DreamPlan.Resolve(model, dream, photo), work.Sessions);
        var result = dreamer.Dream(photo, new SyncProgress<DreamProgress>(p =>
            work.Progress.Report(p.Fraction, $"octave {p.Octave}/{p.Octaves}, step {p.Iteration}/{p.Iterations}", p.Image)), work.Cancel);
        // The PNG names the guide as the job's file, not by its place on this server.
        var recorded = dream with { Guide = work.Request.Dream.Guide };
        ImageFile.Write(result.Image, Path.Combine(work.Folder, ResultFile), DreamParameters.From(recorded, result, options.MaxImageSize).PngText());
        return ResultFile;
    }
}
