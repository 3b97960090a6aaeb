using System.Text.Json;
using DeepDream.Dreaming;
using DeepDream.Requests;
using DeepDream.Web.Jobs;

namespace DeepDream.Web.Api;

/// <summary>A job as the API shows it (camelCase JSON, like every API response).</summary>
/// <param name="Kind">dream, zoom, video, looks or sheet.</param>
/// <param name="Status">queued, running, done, failed or cancelled.</param>
/// <param name="Progress">0 to 1.</param>
/// <param name="QueuePosition">1 for the next job to run; null unless queued.</param>
/// <param name="Options">The job's request, flat (<see cref="RequestView"/>).</param>
/// <param name="Result">The result's address, once done.</param>
/// <param name="Preview">The latest preview's address, while running.</param>
public sealed record JobView(string Id, string Kind, string Status, double Progress, double? RemainingSeconds, string? Message,
    int? QueuePosition, string? Error, DateTimeOffset Created, IReadOnlyDictionary<string, object?> Options, string? Result, string? Preview);

/// <summary>
/// A job's request as the API shows it: flat, each declared option named like the form field that sets it (and the
/// command line's option), a zoom's dream options beside its own. Not the stored JSON, whose shape is the records'.
/// </summary>
public static class RequestView
{
    static readonly JsonSerializerOptions Camel = new(JsonSerializerDefaults.Web);

    public static IReadOnlyDictionary<string, object?> Of(object request, string id)
    {
        // A request of resolved settings (a sheet's) is shown as it is.
        if (request is not IOptions)
            return JsonSerializer.SerializeToElement(request, Camel).EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);
        return OptionSpecs.Of(request.GetType()).All.ToDictionary(s => OptionName.Field(s.Name), s => Value(s, s.Get(request), id));
    }

    static object? Value(OptionSpec spec, object? value, string id) => value switch
    {
        null => null,
        // The guide is the job's file, served at its own address.
        _ when spec.Name == nameof(DreamOptions.Guide) => $"/api/jobs/{id}/guide",
        int or double or bool or IEnumerable<string> => value,
        _ => OptionSpec.Show(value),
    };
}
