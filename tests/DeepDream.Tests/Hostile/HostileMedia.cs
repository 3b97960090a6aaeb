using System.Text;
using DeepDream.Runtime;
using DeepDream.Tests.Support;

namespace DeepDream.Tests.Hostile;

/// <summary>
/// What an attacker sends as a clip, made once for a test class: playlists and file lists under innocent names that
/// point at a real clip (the "secret" another user owns), a list that names itself, a tiny clip of 20,000 frames,
/// a GIF declaring 16000x16000 pixels, and the real MP4, WebM and GIF clips the seeded mutations start from.
/// </summary>
public sealed class HostileMedia : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("deepdream-hostile-").FullName;

    public HostileMedia()
    {
        Secret = Make("secret.mp4", "-f", "lavfi", "-i", "testsrc2=size=96x64:rate=25", "-frames:v", "10", "-c:v", "libx264", "-pix_fmt", "yuv420p");
        ManyFrames = Make("long.mp4", "-f", "lavfi", "-i", "color=black:size=16x16:rate=25", "-frames:v", "20000", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p");
        Huge = TestImages.Write("huge.gif", Gif(16000, 16000, frames: 2));
        Clips =
        [
            File.ReadAllBytes(Make("real.mp4", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=25", "-f", "lavfi", "-i", "sine=frequency=440",
                "-frames:v", "8", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", "-movflags", "+faststart")),
            File.ReadAllBytes(Make("real.webm", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=25", "-f", "lavfi", "-i", "sine=frequency=440",
                "-frames:v", "8", "-c:v", "libvpx-vp9", "-deadline", "realtime", "-c:a", "libopus", "-shortest")),
            File.ReadAllBytes(Make("real.gif", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=10", "-frames:v", "8")),
        ];
    }

    /// <summary>A real clip whose bytes must never come out of anything made from the hostile files.</summary>
    public string Secret { get; }

    /// <summary>20,000 black frames of 16x16: 250 KB that a decoding probe spends seconds on.</summary>
    public string ManyFrames { get; }

    /// <summary>Two 1x1 frames on a 16000x16000 screen: a decoder would make each a gigabyte.</summary>
    public string Huge { get; }

    /// <summary>Real MP4 (H.264, AAC), WebM (VP9, Opus) and GIF clips, 64x48, 8 frames, as ffmpeg writes them.</summary>
    public byte[][] Clips { get; }

    /// <summary>Sessions the damaged clips' dreams share: each would otherwise build the same graph again.</summary>
    public SessionCache Sessions { get; } = new();

    /// <summary>The kinds of file that point at others, each under a name that says "video".</summary>
    public static readonly string[] Pointers = ["hls", "dash", "ffconcat", "self-ffconcat", "m3u"];

    /// <summary>A file of that kind, pointing at <paramref name="target"/> (a path, absolute or relative to the file).</summary>
    public string Pointer(string kind, string target)
    {
        var (name, text) = kind switch
        {
            "hls" => ("holiday.mp4", $"#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:1.0,\n{target}\n#EXT-X-ENDLIST\n"),
            "dash" => ("party.avi", $"""
                <?xml version="1.0" encoding="UTF-8"?>
                <MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT1S" minBufferTime="PT1S" profiles="urn:mpeg:dash:profile:isoff-on-demand:2011">
                  <Period><AdaptationSet mimeType="video/mp4"><Representation id="1" bandwidth="100000" width="96" height="64"><BaseURL>{target}</BaseURL></Representation></AdaptationSet></Period>
                </MPD>
                """),
            "ffconcat" => ("beach.webm", $"ffconcat version 1.0\nfile '{target}'\n"),
            "self-ffconcat" => ("loop.mov", "ffconcat version 1.0\nfile 'loop.mov'\nfile 'loop.mov'\n"),
            "m3u" => ("clip.mkv", $"#EXTINF:1,secret\n{target}\n"),
            _ => throw new ArgumentException(kind),
        };
        var path = Path.Combine(folder, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        path = Path.Combine(path, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    /// <summary>What the refusal of each kind says.</summary>
    public static string Refusal(string kind) => kind switch
    {
        "hls" => "is an HLS playlist, which names other files or streams, not a video",
        "dash" => "is a DASH manifest, which names other files or streams, not a video",
        "ffconcat" or "self-ffconcat" => "is an ffconcat list of files, which names other files or streams, not a video",
        "m3u" => "is an M3U playlist, which names other files or streams, not a video",
        _ => throw new ArgumentException(kind),
    };

    /// <summary>
    /// A GIF whose logical screen is width x height, with 1x1-pixel frames: the header declares the size every frame
    /// is decoded at.
    /// </summary>
    static byte[] Gif(int width, int height, int frames)
    {
        var gif = new List<byte>();
        gif.AddRange("GIF89a"u8.ToArray());
        gif.AddRange([(byte)width, (byte)(width >> 8), (byte)height, (byte)(height >> 8), 0x80, 0, 0]); // a global colour table of two colours
        gif.AddRange([0, 0, 0, 255, 255, 255]);
        for (var i = 0; i < frames; i++)
        {
            gif.AddRange([0x21, 0xF9, 4, 0, 10, 0, 0, 0]); // a tenth of a second each
            gif.AddRange([0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0]); // a 1x1 image at the top left
            gif.AddRange([2, 2, 0x44, 0x01, 0]); // its one pixel, LZW-coded
        }
        gif.Add(0x3B);
        return [.. gif];
    }

    string Make(string name, params string[] args) => Ffmpeg.Make(Path.Combine(folder, name), args);

    public void Dispose()
    {
        Sessions.Dispose();
        Directory.Delete(folder, recursive: true);
    }
}
