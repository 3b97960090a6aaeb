using DeepDream.Dreaming;
using DeepDream.Imaging;
using Microsoft.AspNetCore.Http;

namespace DeepDream.Web.Jobs;

/// <summary>A dream of a photo: one PNG, its progress step by step through the octaves.</summary>
public sealed class DreamJobHandler(ImageInput images, StudioOptions options) : IJobHandler
{
    const string ResultFile = "result.png";

    public JobKind Kind => JobKind.Dream;

    public string Route => "dreams";

    public string Summary => "Queue a dream: multipart with file field 'image' (or 'from', a previous job's id) and option fields";

    public Upload Upload => images.Upload;

    public JobOptions ReadOptions(OptionFields form) => new(JobOptions.ReadDream(form, new DreamOptions()), null, null);

    public Task SaveInputAsync(IFormCollection form, JobOptions options, string folder, JobStore store) => images.SaveAsync(form, folder, store);

    public string Run(JobWork work)
    {
        var dream = work.Dream;
        using var dreamer = new Dreamer(dream, work.Sessions);
        var result = dreamer.Dream(ImageInput.Read(work.Folder), new SyncProgress<DreamProgress>(p =>
            work.Progress.Report(p.Fraction, $"octave {p.Octave}/{p.Octaves}, step {p.Iteration}/{p.Iterations}", p.Image)), work.Cancel);
        ImageFile.Write(result.Image, Path.Combine(work.Folder, ResultFile), DreamParameters.From(dream, result, options.MaxImageSize).PngText());
        return ResultFile;
    }
}
