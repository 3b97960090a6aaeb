namespace DeepDream.Web.Jobs;

/// <summary>
/// A request the studio has no room for now, though nothing is wrong with it: the API answers a 503 with Retry-After,
/// not the 400 of a <see cref="DeepDreamException"/>.
/// </summary>
public sealed class StudioBusyException(string message, int retryAfterSeconds) : Exception(message)
{
    public int RetryAfterSeconds => retryAfterSeconds;
}
