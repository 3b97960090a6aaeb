using System.Globalization;
using DeepDream.Imaging;

namespace DeepDream.Video.Clips;

/// <summary>
/// Decodes a clip's frames in order as <see cref="RgbImage"/>, through an ffmpeg process writing rawvideo rgb24
/// to a pipe. Every decoded frame comes out once (no frames duplicated or dropped to a constant rate), so a
/// whole clip gives exactly <see cref="ClipInfo.Frames"/>.
/// </summary>
public sealed class ClipReader : IDisposable
{
    readonly ClipInfo clip;
    readonly FfmpegProcess ffmpeg;
    readonly byte[] packed;
    int read;
    bool ended;

    /// <param name="maxSize">If set, frames are scaled (high quality) so the longer side is at most this; sides are then made even (H.264/VP9 need even sides).</param>
    /// <param name="first">1-based first frame to read.</param>
    /// <param name="count">How many frames to read (fewer if the clip ends).</param>
    /// <param name="cancel">Stops the decoder.</param>
    public ClipReader(ClipInfo clip, int? maxSize, int first, int count, CancellationToken cancel = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(first, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (maxSize is int max) ArgumentOutOfRangeException.ThrowIfLessThan(max, 2, nameof(maxSize));
        this.clip = clip;
        (Width, Height) = SizeOf(clip, maxSize);
        packed = new byte[3 * Width * Height];
        // trim counts decoded frames, so a range starts at exactly that frame; the scale filter also does the
        // conversion to RGB, with full chroma interpolation. ffmpeg turns rotated clips upright before both.
        var filters = (first > 1 ? $"trim=start_frame={first - 1}," : "") + $"scale={Width}:{Height}:flags=lanczos+accurate_rnd+full_chroma_int";
        ffmpeg = FfmpegProcess.Start("ffmpeg",
        [
            "-v", "error", "-nostdin", .. clip.Source.DecodeArguments, "-map", "0:V:0", "-vf", filters,
            // "-vsync passthrough" rather than "-fps_mode": the same meaning, understood by ffmpeg 4 as well.
            "-vsync", "passthrough", "-frames:v", count.ToString(CultureInfo.InvariantCulture), "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1",
        ], $"'{clip.Path}'", FfmpegProcess.StallLimit, cancel);
    }

    /// <summary>The size frames come out at.</summary>
    public int Width { get; }

    /// <summary>The height frames come out at: the clip's own, or with a maximum size, scaled down to fit it and made even.</summary>
    public int Height { get; }

    /// <summary>The next frame, or null at the end.</summary>
    public RgbImage? Next()
    {
        if (ended) return null;
        // A short read is the end of the pipe: ffmpeg is done or died; its exit code tells which.
        if (ffmpeg.Output.ReadAtLeast(packed, packed.Length, throwOnEndOfStream: false) < packed.Length)
        {
            ended = true;
            if (ffmpeg.Finish() != 0)
            {
                var error = ffmpeg.Error(FfmpegProcess.FileArgument(clip.Path));
                throw new DeepDreamException(read == 0
                    ? $"no frame of '{clip.Path}' decodes ({error}); the file is damaged, or this ffmpeg lacks its decoder"
                    : $"ffmpeg stopped decoding '{clip.Path}' at frame {read + 1}: {error}");
            }
            return null;
        }
        read++;
        return Unpack();
    }

    /// <summary>Stops ffmpeg if it is still decoding and waits for it to exit, so a reader may be left before its last frame.</summary>
    public void Dispose() => ffmpeg.Dispose();

    static (int Width, int Height) SizeOf(ClipInfo clip, int? maxSize)
    {
        if (maxSize is not int max) return (clip.Width, clip.Height);
        var scale = Math.Min(1.0, (double)max / Math.Max(clip.Width, clip.Height));
        return (Even(clip.Width * scale), Even(clip.Height * scale));
    }

    static int Even(double side) => Math.Max(2, (int)Math.Round(side) & ~1);

    RgbImage Unpack()
    {
        var image = new RgbImage(Width, Height);
        var plane = image.PlaneSize;
        for (var i = 0; i < plane; i++)
            for (var c = 0; c < 3; c++)
                image.Pixels[c * plane + i] = packed[3 * i + c];
        return image;
    }
}
