using System.Threading.RateLimiting;
using DeepDream.Imaging;

namespace DeepDream.Web.Jobs;

/// <summary>
/// The megapixels of uploads the studio decodes at once, across all requests (<see cref="StudioOptions.DecodeMegapixels"/>):
/// each decode asks for the pixels it will hold (<see cref="ImageDecoder.Pixels"/>) and waits its turn, first come first
/// served, for at most <see cref="StudioOptions.DecodeWait"/>; beyond that it is a <see cref="StudioBusyException"/>.
/// An image that needs more than the whole budget is decoded alone rather than refused: the pixel cap
/// (<see cref="ImageFile.MaxPixels"/>) already bounds it, and a budget set low must not become a second, smaller cap on uploads.
/// </summary>
public sealed class DecodeBudget(StudioOptions options)
{
    readonly ConcurrencyLimiter limiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = options.DecodeMegapixels, QueueLimit = int.MaxValue, QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    /// <summary>
    /// Waits for room to decode <paramref name="pixels"/>; disposing the lease gives it back. A client that goes away
    /// (<paramref name="cancel"/>, the request's) stops waiting and takes no room.
    /// </summary>
    public async Task<IDisposable> AdmitAsync(long pixels, CancellationToken cancel)
    {
        var megapixels = (int)Math.Clamp((pixels + 999_999) / 1_000_000, 1, options.DecodeMegapixels);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(options.DecodeWait);
        RateLimitLease lease;
        try { lease = await limiter.AcquireAsync(megapixels, timeout.Token); }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested) { throw Busy(); }
        if (lease.IsAcquired) return lease;
        lease.Dispose();
        throw Busy();
    }

    StudioBusyException Busy() => new(
        $"the studio is busy decoding other uploads (at most {options.DecodeMegapixels} megapixels at once); try again in {Seconds} seconds",
        Seconds);

    int Seconds => (int)Math.Ceiling(options.DecodeWait.TotalSeconds);
}
