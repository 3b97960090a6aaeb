using DeepDream.Requests;

namespace DeepDream.Web.Jobs;

/// <summary>A file a request carries, as the job handlers see it: no HTTP type reaches past the API.</summary>
/// <param name="CopyToAsync">Copies its bytes to a stream (once).</param>
public sealed record UploadedFile(long Length, Func<Stream, CancellationToken, Task> CopyToAsync);

/// <summary>
/// A request's fields and files: each option's field named after its property (octaveScale), read as text (an
/// empty or missing field is null, leaving the option at its default); the files by their field's name.
/// </summary>
/// <param name="file">A file in a field; null: the request carries none (a query string).</param>
public sealed class OptionFields(Func<string, string?> field, Func<string, UploadedFile?>? file = null)
{
    /// <summary>An option's field, by the option's property name.</summary>
    public string? Text(string property) => Raw(OptionName.Field(property));

    /// <summary>A field by its own name ("from").</summary>
    public string? Raw(string name) => field(name) is { Length: > 0 } text ? text : null;

    public UploadedFile? File(string name) => file?.Invoke(name);

    public bool HasFile(string name) => File(name) is not null;

    /// <summary>
    /// The request's declared options (those the studio offers) from their fields, each read by its type and checked
    /// by its rule, then the rules between options, then the studio's caps. <paramref name="complete"/> sets what is
    /// not an option field (a guide's file, the studio's size) before the checks.
    /// </summary>
    /// <exception cref="DeepDreamException">The first problem, in its option's words.</exception>
    public T Read<T>(Func<T, T>? complete = null) where T : IOptions, new()
    {
        var specs = OptionSpecs.Of<T>();
        var request = (T)specs.New();
        foreach (var spec in specs.For(Fronts.Studio))
            if (Text(spec.Name) is { } text) spec.Set(request, spec.Parse(text));
        if (complete is not null) request = complete(request);
        specs.Validate(request);
        specs.CheckStudio(request);
        return request;
    }
}
