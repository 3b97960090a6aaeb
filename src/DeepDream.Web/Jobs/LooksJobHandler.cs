using DeepDream.Dreaming;
using DeepDream.Imaging;
using DeepDream.Models;
using DeepDream.Visualization;
using Microsoft.AspNetCore.Http;

namespace DeepDream.Web.Jobs;

/// <summary>A looks sheet: the photo dreamed through each look of the model (or the given layers) with the same options and seed, labelled side by side.</summary>
public sealed class LooksJobHandler(ImageInput images) : IJobHandler
{
    const string ResultFile = "result.png";

    public JobKind Kind => JobKind.Looks;

    public string Route => "looks";

    public string Summary => "Queue a looks sheet: like /dreams, plus layers (layers or looks, comma-separated; default: the model's looks); "
        + "each is dreamed whole, so no layer, channel, objective or strongest";

    public Upload Upload => images.Upload;

    public JobOptions ReadOptions(OptionFields form)
    {
        var dream = JobOptions.ReadDream(form, new DreamOptions());
        if (dream.Layer is not null || dream.Channel is not null || dream.Objective is not null || dream.Strongest is not null)
            throw new DeepDreamException("a looks sheet dreams whole layers, those in 'layers': leave out layer, channel, objective and strongest");
        var layers = form.Text(nameof(JobOptions.Layers))?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (layers is { Length: 0 }) throw new DeepDreamException("layers names no layer; write them like 'layer2,layer3,layer4.0'");
        if (layers?.Length > StudioCaps.LooksPerSheet)
            throw new DeepDreamException($"layers names {layers.Length} layers; a looks sheet in the studio has at most {StudioCaps.LooksPerSheet}");
        var model = ModelCatalog.Load(dream.Model);
        foreach (var layer in layers ?? []) model.Layer(layer);
        return new JobOptions(dream, null, null, Layers: layers);
    }

    public Task SaveInputAsync(IFormCollection form, JobOptions options, string folder, EarlierJobs earlier, CancellationToken cancel) => images.SaveAsync(form, folder, earlier, cancel);

    public string Run(JobWork work)
    {
        var photo = ImageInput.Read(work.Folder, LooksSheet.PhotoSize);
        var result = LooksSheet.Render(photo, work.Dream, work.Options.Layers, new SyncProgress<LooksProgress>(p =>
            work.Progress.Report(p.Fraction, $"look {p.Done + 1}/{p.Count}: {p.Label}", null)), work.Cancel);
        ImageFile.Write(result.Image, Path.Combine(work.Folder, ResultFile));
        return ResultFile;
    }
}
