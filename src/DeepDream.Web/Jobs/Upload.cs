using System.Globalization;

namespace DeepDream.Web.Jobs;

/// <summary>The file a request for one kind of job carries: its form field, the most bytes it may have, and what to do about a larger one.</summary>
/// <param name="Field">Null: the request carries option fields only.</param>
public sealed record Upload(string? Field, long MaxBytes, string Advice)
{
    /// <summary>
    /// The rest of a form around its file: the server's limit on a request sits this far above the file's cap,
    /// so an oversized file gets our clear 400 rather than a bare 413.
    /// </summary>
    public const long FormOverhead = 1024 * 1024;

    /// <summary>For a kind of job whose request is option fields only (a channel sheet).</summary>
    public static readonly Upload None = new(null, FormOverhead, "send only the option fields");

    public long RequestLimit => MaxBytes + FormOverhead;

    public string TooLarge => $"the upload is larger than {Megabytes} MB; {Advice}";

    public string Unreadable(string reason) => $"the upload could not be read ({reason}); send at most {Megabytes} MB";

    /// <summary>What to send instead of a request that is no form.</summary>
    public string FormExpected => Field is null
        ? "send the option fields as a form (multipart/form-data or application/x-www-form-urlencoded)"
        : $"send multipart/form-data with the file in the field '{Field}'";

    string Megabytes => (MaxBytes / 1024.0 / 1024).ToString("0.#", CultureInfo.InvariantCulture);
}
