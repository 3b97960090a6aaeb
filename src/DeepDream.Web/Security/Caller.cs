using DeepDream.Web.Jobs;
using Microsoft.AspNetCore.Http;

namespace DeepDream.Web.Security;

/// <summary>
/// Who sends a request, as <see cref="Owners"/> found out: whose jobs it makes, and which it may see and touch.
/// An endpoint takes one as a parameter (bound from the request by <see cref="BindAsync"/>).
/// </summary>
/// <param name="Owner">Put on the jobs it makes: a browser's or an API key's owner id; null on a local studio.</param>
/// <param name="SeesAll">A local studio's visitor, or the administrator: every job is theirs to see and delete.</param>
/// <param name="Keyed">Known by a key in a header rather than a cookie: a browser cannot be tricked into sending one, so it needs no anti-forgery token.</param>
public sealed record Caller(string? Owner, bool SeesAll, bool Keyed)
{
    /// <summary>Anyone on a studio that only this machine reaches: open, as a command-line tool's studio should be.</summary>
    public static readonly Caller Local = new(null, SeesAll: true, Keyed: false);

    /// <summary>The owner whose jobs the gallery lists; null: everyone's.</summary>
    public string? Listed => SeesAll ? null : Owner;

    /// <summary>May delete, cancel or reuse the job.</summary>
    public bool Owns(Job job) => SeesAll || job.Owner == Owner;

    /// <summary>
    /// May follow the job and fetch its pictures. A channel sheet is the model's, not a visitor's (no upload, shared
    /// cache): whoever asks for a sheet being rendered is sent to the job already at it, and must be able to follow it.
    /// </summary>
    public bool Sees(Job job) => Owns(job) || job.Kind == SheetJobHandler.SheetKind;

    public static ValueTask<Caller?> BindAsync(HttpContext context) =>
        ValueTask.FromResult<Caller?>(context.Features.Get<Caller>() ?? throw new InvalidOperationException("no caller: the Owners middleware did not run"));
}
