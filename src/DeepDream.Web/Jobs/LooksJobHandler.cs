using DeepDream.Imaging;
using DeepDream.Models;
using DeepDream.Requests;
using DeepDream.Visualization;

namespace DeepDream.Web.Jobs;

/// <summary>A looks sheet: the photo dreamed through each look of the model (or the given layers) with the same options and seed, labelled side by side.</summary>
public sealed class LooksJobHandler(ImageInput images, GuideInput guides) : PhotoJobHandler<LooksRequest>(LooksKind, "looks",
    "Queue a looks sheet: like /dreams, plus layers (layers or looks, comma-separated; default: the model's looks); "
    + "each is dreamed whole, so no layer, channel, objective or strongest",
    images, guides, new(r => r.Dream, (r, dream) => r with { Dream = dream }, (r, photo) => r with { Photo = photo }))
{
    public static readonly JobKind LooksKind = new("Looks");

    protected override void Check(LooksRequest request)
    {
        if (request.Layers?.Count > StudioCaps.LooksPerSheet)
            throw new DeepDreamException($"layers names {request.Layers.Count} layers; a looks sheet in the studio has at most {StudioCaps.LooksPerSheet}");
        var model = ModelCatalog.Load(request.Dream.Model);
        foreach (var layer in request.Layers ?? []) model.Layer(layer);
    }

    protected override LooksRequest Legacy(LegacyOptions stored) => new() { Dream = stored.Dream!, Layers = stored.Layers };

    public override string Run(JobWork<LooksRequest> work)
    {
        var photo = ImageInput.Read(work.Folder, LooksSheet.PhotoSize);
        var result = LooksSheet.Render(photo, Dream(work), work.Request.Layers, new SyncProgress<LooksProgress>(p =>
            work.Progress.Report(p.Fraction, $"look {p.Done + 1}/{p.Count}: {p.Label}", null)), work.Cancel);
        var file = Path.Combine(work.Folder, "result.png");
        ImageFile.Write(result.Image, file);
        return Path.GetFileName(file);
    }
}
