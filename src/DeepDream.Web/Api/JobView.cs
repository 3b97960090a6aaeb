using DeepDream.Web.Jobs;

namespace DeepDream.Web.Api;

/// <summary>A job as the API shows it (camelCase JSON, like every API response).</summary>
/// <param name="Kind">dream, zoom or video.</param>
/// <param name="Status">queued, running, done, failed or cancelled.</param>
/// <param name="Progress">0 to 1.</param>
/// <param name="QueuePosition">1 for the next job to run; null unless queued.</param>
/// <param name="Result">The result's address, once done.</param>
/// <param name="Preview">The latest preview's address, while running.</param>
public sealed record JobView(string Id, string Kind, string Status, double Progress, double? RemainingSeconds, string? Message,
    int? QueuePosition, string? Error, DateTimeOffset Created, JobOptionsView Options, string? Result, string? Preview);

/// <summary>
/// A job's options as the API shows them: flat, named like the form fields that set them (and the command
/// line's options), those of other kinds null. Not the stored JSON, whose shape is the library records'.
/// </summary>
public sealed record JobOptionsView(string Model, string? Layer, int? Channel, int Iterations, int Octaves, double OctaveScale, double Step, int? Seed,
    int? DreamSteps, int? ZoomSteps, double? Zoom, double? Rotate, int? Fps, int? Blend, string? Format,
    int? FirstIterations, string? Flow, double? Persistence, int? Start, int? End)
{
    public static JobOptionsView From(JobOptions options)
    {
        var (dream, zoom, video) = (options.Dream, options.Zoom, options.Video);
        return new(dream.Model, dream.Layer, dream.Channel, dream.Iterations, dream.Octaves, dream.OctaveScale, dream.Step, dream.Seed,
            zoom?.DreamSteps, zoom?.ZoomSteps, zoom?.Zoom, zoom?.Rotate, zoom?.Fps, zoom?.Blend, options.Format,
            video?.FirstIterations, video?.Flow.ToString().ToLowerInvariant(), video?.Persistence, video?.Start, video?.End);
    }
}
