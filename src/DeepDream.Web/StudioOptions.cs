using System.Net;

namespace DeepDream.Web;

/// <summary>How the studio runs: where it listens, where it keeps jobs, and its limits.</summary>
public sealed record StudioOptions
{
    public string Urls { get; init; } = "http://127.0.0.1:5000";

    public string DataFolder { get; init; } = Path.Combine(Models.ModelStore.Folder, "..", "studio");

    /// <summary>
    /// Served to visitors beyond this machine: each browser (an owner in a signed cookie) or API key sees and touches
    /// only its own jobs, and a browser's changes need the page's anti-forgery token. Off: open to whoever reaches it.
    /// </summary>
    public bool Public { get; init; }

    /// <summary>
    /// The names the studio answers to besides loopback's (localhost, 127.0.0.1, [::1]): host names, IPv4 or [IPv6] addresses,
    /// '*.example.com' for every subdomain. Empty: a local studio answers loopback's only, a public one any name.
    /// </summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>
    /// The reverse proxies (addresses or networks) whose X-Forwarded-For, X-Forwarded-Proto and X-Forwarded-Host the studio
    /// believes. Empty: it believes none, as any client can write them.
    /// </summary>
    public IReadOnlyList<IPNetwork> KnownProxies { get; init; } = [];

    /// <summary>A public studio's API keys, one a line ('#' comments), each its own owner; null: none.</summary>
    public string? ApiKeysFile { get; init; }

    /// <summary>A public studio's administrator key (X-Admin-Key), which sees and deletes every job; null: none.</summary>
    public string? AdminKey { get; init; }

    /// <summary>
    /// Where a public studio keeps the keys its cookies and tokens are signed with (the data folder's 'keys' by default).
    /// Several API nodes of one studio must share one: a cookie one node made must be read by the others.
    /// </summary>
    public string KeysFolder { get => keysFolder ?? Path.Combine(DataFolder, "keys"); init => keysFolder = value; }

    readonly string? keysFolder;

    /// <summary>Jobs run at once in this process; 0: an API node, whose jobs other processes run (or, in tests, a queue that stays queued).</summary>
    public int Workers { get; init; } = 1;

    /// <summary>
    /// Where the jobs are kept: null for the embedded SQLite database in the data folder (one machine), or a PostgreSQL
    /// database ("postgres://user:password@host:5432/db" or an Npgsql connection string) that nodes on many machines share.
    /// </summary>
    public string? Store { get; init; }

    /// <summary>How long a worker's hold on a job lasts unless renewed: how soon a job whose worker died goes to another.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many times a job may lose its worker (the process died while running it) before it is failed rather than run again.
    /// A job that kills whatever runs it (an input that exhausts memory in a decoder) would otherwise take down every worker in
    /// turn, forever; a few tries still see a job through a worker that died of something else (a machine rebooted, a lost network).
    /// </summary>
    public int MaxCrashes { get; init; } = 3;

    /// <summary>Jobs one client may queue a minute, counted against its owner and, apart, against its address; 0: no limit.</summary>
    public int UploadsPerMinute { get; init; } = 60;

    public long MaxUploadBytes { get; init; } = 20 * 1024 * 1024;

    /// <summary>Clips are larger than photos: their own cap, applied to POST /api/videos only.</summary>
    public long MaxVideoUploadBytes { get; init; } = 100 * 1024 * 1024;

    /// <summary>Uploads are scaled down to this longer side: a web dream should take seconds, not hours.</summary>
    public int MaxImageSize { get; init; } = 1024;

    /// <summary>
    /// Megapixels of uploads decoded at once across all requests, each counted by the pixels its decoding holds (four
    /// bytes each; see <see cref="Jobs.DecodeBudget"/>); beyond it an upload waits its turn. 64: one of the largest images
    /// decoded whole (a 64-megapixel GIF or BMP), or three 8000x8000 PNGs in bands, 256 MB of pixels at most. Measured on
    /// two cores, eight concurrent 8000x8000 PNG uploads peak at about 420 MB (about 220 MB of it the studio itself)
    /// and are all queued within 8 seconds; twice the budget decodes no faster on two cores (decoding takes a core) and
    /// peaked at up to 620 MB.
    /// </summary>
    public int DecodeMegapixels { get; init; } = 64;

    /// <summary>
    /// How long an upload waits for room in the decode budget before a 503 that says when to try again: long enough for
    /// a burst like the one above to be queued, well short of the minute after which clients give up.
    /// </summary>
    public TimeSpan DecodeWait { get; init; } = TimeSpan.FromSeconds(15);
}
