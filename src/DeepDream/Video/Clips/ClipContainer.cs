using System.Text;

namespace DeepDream.Video.Clips;

/// <summary>
/// A container format ffmpeg may read a clip as, told by the file's first bytes (never by its name) and named to
/// ffmpeg as its demuxer, so that ffmpeg never guesses. A guessing ffmpeg reads an HLS or DASH playlist, or an
/// ffconcat list, saved as ".mp4" as what it is, and then opens every file the list names: another job's result,
/// or the list itself, again and again. Only these containers are read, because each is a video's own bytes and
/// refers to no other file: MP4/MOV (phones and most cameras; MOV's references to external files are turned off),
/// Matroska/WebM (screen recorders, browsers), AVI (older cameras), MPEG-TS/M2TS (camcorders, broadcasts) and GIF.
/// Anything else is refused with one line; converting it to MP4 is the user's to do, with ffmpeg they trust.
/// </summary>
public sealed class ClipContainer
{
    /// <summary>MP4 and QuickTime MOV (phones, most cameras), told by their first atom; MOV's references to external files are turned off.</summary>
    public static readonly ClipContainer Mov = new("mov", "MP4/MOV", IsMov, ["-enable_drefs", "0", "-use_absolute_path", "0"]);
    /// <summary>Matroska and WebM (screen recorders, browsers), told by their EBML header.</summary>
    public static readonly ClipContainer Matroska = new("matroska", "MKV/WebM", h => h.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]));
    /// <summary>AVI (older cameras): a RIFF file of type "AVI ".</summary>
    public static readonly ClipContainer Avi = new("avi", "AVI", h => h.Length >= 12 && h.StartsWith("RIFF"u8) && h[8..12].SequenceEqual("AVI "u8));
    /// <summary>MPEG transport streams: broadcasts' .ts (188-byte packets) and camcorders' .m2ts (192-byte ones).</summary>
    public static readonly ClipContainer MpegTs = new("mpegts", "MPEG-TS", IsTransportStream);
    /// <summary>GIF, versions 87a and 89a.</summary>
    public static readonly ClipContainer Gif = new("gif", "GIF", h => h.StartsWith("GIF87a"u8) || h.StartsWith("GIF89a"u8));

    /// <summary>Every container deepdream reads, in the order a file's first bytes are tested against them; refusals list their names.</summary>
    public static readonly IReadOnlyList<ClipContainer> Readable = [Mov, Matroska, Avi, MpegTs, Gif];

    /// <summary>How many of a file's first bytes tell its format: enough for three transport-stream packets and a manifest's XML prolog.</summary>
    const int HeadLength = 4096;

    /// <summary>Files that list other files or streams, and so are never a clip here, each with what it is.</summary>
    static readonly (string Start, string What)[] References =
    [
        ("#EXTM3U", "an HLS playlist"), ("#EXTINF", "an M3U playlist"), ("ffconcat version", "an ffconcat list of files"),
        ("v=0", "an SDP description of a network stream"), ("[playlist]", "a PLS playlist"),
    ];

    readonly Func<ReadOnlySpan<byte>, bool> matches;

    ClipContainer(string demuxer, string name, Func<ReadOnlySpan<byte>, bool> matches, string[]? options = null)
    {
        Demuxer = demuxer;
        Name = name;
        this.matches = matches;
        Options = options ?? [];
    }

    /// <summary>ffmpeg's name for the demuxer that reads it (its -f).</summary>
    public string Demuxer { get; }

    /// <summary>What users call it.</summary>
    public string Name { get; }

    /// <summary>The demuxer's own options that keep it within the file.</summary>
    public IReadOnlyList<string> Options { get; }

    /// <summary>What users call it (<see cref="Name"/>).</summary>
    public override string ToString() => Name;

    /// <summary>The container a file's first bytes say it is; a one-line refusal for anything else.</summary>
    /// <param name="name">How messages call the file ("'clip.mp4'", "the upload").</param>
    public static ClipContainer Of(string path, string name)
    {
        var head = new byte[HeadLength];
        int length;
        using (var file = File.OpenRead(path)) length = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return Of(head.AsSpan(0, length), name);
    }

    internal static ClipContainer Of(ReadOnlySpan<byte> head, string name)
    {
        foreach (var container in Readable)
            if (container.matches(head)) return container;
        var advice = $"deepdream reads {string.Join(", ", Readable.Select(c => c.Name))} clips; convert it to MP4 (ffmpeg -i in out.mp4)";
        if (head.IsEmpty) throw new DeepDreamException($"{name} is empty; give a video clip");
        if (IsStillImage(head)) throw new DeepDreamException($"{name} is a still image, not a video; use `deepdream dream` for photos");
        var text = Text(head);
        if (References.FirstOrDefault(r => text.StartsWith(r.Start, StringComparison.Ordinal)).What is { } listing)
            throw new DeepDreamException($"{name} is {listing}, which names other files or streams, not a video; give the video file itself");
        if (IsDashManifest(text))
            throw new DeepDreamException($"{name} is a DASH manifest, which names other files or streams, not a video; give the video file itself");
        if (IsText(head)) throw new DeepDreamException($"{name} is a text file, not a video; {advice}");
        throw new DeepDreamException($"{name} is not a video container deepdream reads; {advice}");
    }

    /// <summary>The atoms an MP4 or QuickTime file begins with: a file type, or (older QuickTime) the movie, its data or padding.</summary>
    static bool IsMov(ReadOnlySpan<byte> head) =>
        head.Length >= 8 && (ReadOnlySpan<byte>)head[4..8] is var type
        && (type.SequenceEqual("ftyp"u8) || type.SequenceEqual("moov"u8) || type.SequenceEqual("mdat"u8) || type.SequenceEqual("wide"u8)
            || type.SequenceEqual("free"u8) || type.SequenceEqual("skip"u8) || type.SequenceEqual("pnot"u8));

    /// <summary>188-byte packets (broadcast .ts) or 192-byte ones with a time code first (camcorders' .m2ts), each starting 0x47.</summary>
    static bool IsTransportStream(ReadOnlySpan<byte> head) => Synced(head, 0, 188) || Synced(head, 4, 192);

    /// <summary>Three packets' sync bytes in a row, the test ffmpeg's own probe makes.</summary>
    static bool Synced(ReadOnlySpan<byte> head, int first, int size) =>
        head.Length > first + 2 * size && head[first] == 0x47 && head[first + size] == 0x47 && head[first + 2 * size] == 0x47;

    static bool IsStillImage(ReadOnlySpan<byte> head) =>
        head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) || head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47]) || head.StartsWith("BM"u8)
        || (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8));

    static bool IsDashManifest(string text) => text.StartsWith('<') && text.Contains("<MPD", StringComparison.Ordinal);

    /// <summary>The head as text, without a byte-order mark or leading blanks.</summary>
    static string Text(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) head = head[3..];
        return Encoding.UTF8.GetString(head).TrimStart();
    }

    static bool IsText(ReadOnlySpan<byte> head)
    {
        foreach (var b in head)
            if (b < 0x20 && b is not ((byte)'\n' or (byte)'\r' or (byte)'\t')) return false;
        return true;
    }
}
