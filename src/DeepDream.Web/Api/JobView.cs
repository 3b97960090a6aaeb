using DeepDream.Web.Jobs;

namespace DeepDream.Web.Api;

/// <summary>A job as the API shows it (camelCase JSON, like every API response).</summary>
/// <param name="Kind">dream, zoom, video, looks or sheet.</param>
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
/// <param name="Guide">The guide image's address, for a guided job.</param>
/// <param name="Layers">A looks sheet's layers; null: the model's looks.</param>
public sealed record JobOptionsView(string Model, string? Layer, int? Channel, string? Objective, int? Strongest, string? Guide,
    int Iterations, int? Octaves, double? OctaveScale, double? Step, int? Seed,
    int? DreamSteps, int? ZoomSteps, double? Zoom, double? Rotate, int? Fps, int? Blend, string? Format,
    int? FirstIterations, string? Flow, double? Persistence, int? Start, int? End,
    IReadOnlyList<string>? Layers, string? Channels, string? Renderer, int? Size)
{
    public static JobOptionsView From(JobOptions options, string id)
    {
        var (dream, zoom, video, sheet) = (options.Dream, options.Zoom, options.Video, options.Sheet);
        return new(dream?.Model ?? sheet!.Model, dream?.Layer ?? sheet?.Layer, dream?.Channel, dream?.Objective, dream?.Strongest,
            dream?.Guide is null ? null : $"/api/jobs/{id}/guide",
            dream?.Iterations ?? sheet!.Iterations, dream?.Octaves, dream?.OctaveScale, dream?.Step, dream?.Seed,
            zoom?.DreamSteps, zoom?.ZoomSteps, zoom?.Zoom, zoom?.Rotate, zoom?.Fps, zoom?.Blend, options.Format,
            video?.FirstIterations, video?.Flow.ToString().ToLowerInvariant(), video?.Persistence, video?.Start, video?.End,
            options.Layers, sheet?.Channels, sheet?.Renderer, sheet?.Size);
    }
}
