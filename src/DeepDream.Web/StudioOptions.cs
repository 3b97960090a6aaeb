namespace DeepDream.Web;

/// <summary>How the studio runs: where it listens, where it keeps jobs, and its limits.</summary>
public sealed record StudioOptions
{
    public string Urls { get; init; } = "http://127.0.0.1:5000";

    public string DataFolder { get; init; } = Path.Combine(Models.ModelStore.Folder, "..", "studio");

    /// <summary>Jobs run at once; 0 leaves them queued (for tests of the queue).</summary>
    public int Workers { get; init; } = 1;

    public long MaxUploadBytes { get; init; } = 20 * 1024 * 1024;

    /// <summary>Clips are larger than photos: their own cap, applied to POST /api/videos only.</summary>
    public long MaxVideoUploadBytes { get; init; } = 100 * 1024 * 1024;

    /// <summary>Uploads are scaled down to this longer side: a web dream should take seconds, not hours.</summary>
    public int MaxImageSize { get; init; } = 1024;
}
