using System.Globalization;
using DeepDream.Imaging;
using DeepDream.Video.Clips;

namespace DeepDream.Video;

/// <summary>
/// Frames into a video file, for zooms and clips alike: .mp4 (H.264, yuv420p, +faststart), .webm (VP9) or .gif (an
/// optimized palette), at an exact rational rate, with a clip's sound where the format holds sound. The frames are
/// streamed to ffmpeg's stdin — a zoom's as raw RGB, a clip's as the PNG files it dreamed — and the video is written
/// to a temporary file beside the output and renamed (<see cref="AtomicFile"/>): never half-written.
/// </summary>
public static class VideoEncoder
{
    /// <param name="Video">ffmpeg's video options.</param>
    /// <param name="CopiedAudio">The audio codecs the container holds as they are.</param>
    /// <param name="AudioEncoder">ffmpeg's options for any other audio; null where the format has no sound.</param>
    sealed record Container(string[] Video, string[] CopiedAudio, string[]? AudioEncoder);

    // H.264 and VP9 keep colour at half resolution, so their sides must be even: an odd last row or column is cut off.
    const string EvenSides = "crop=trunc(iw/2)*2:trunc(ih/2)*2";

    static readonly Dictionary<string, Container> Containers = new(StringComparer.OrdinalIgnoreCase)
    {
        [".mp4"] = new(EvenSided(".mp4"), ["aac", "mp3", "ac3", "eac3", "alac"], ["-c:a", "aac", "-b:a", "192k"]),
        [".webm"] = new(EvenSided(".webm"), ["opus", "vorbis"], ["-c:a", "libopus", "-b:a", "128k"]),
        [".gif"] = new(VideoFormats.Codecs[".gif"], [], null),
    };

    static string[] EvenSided(string extension) => ["-vf", EvenSides, .. VideoFormats.Codecs[extension]];

    /// <summary>Whether a video can be written to this path: its extension is .mp4, .webm or .gif, in any case.</summary>
    public static bool Supports(string path) => Containers.ContainsKey(Path.GetExtension(path));

    /// <summary>The frame size a format can hold: H.264 and VP9 keep colour at half resolution, so their sides must be even.</summary>
    public static RgbImage FitFrame(RgbImage image, string extension) =>
        extension.TrimStart('.').ToLowerInvariant() is "mp4" or "webm" ? image.Crop(0, 0, image.Width & ~1, image.Height & ~1) : image;

    /// <summary>The ffmpeg executable on PATH, or null.</summary>
    public static string? FindFfmpeg() => FfmpegProcess.Find("ffmpeg");

    /// <summary>A zoom's frames (all one size), as raw RGB.</summary>
    public static void Encode(IEnumerable<RgbImage> frames, string output, FrameRate rate, CancellationToken cancel = default) =>
        Encode(new RawFrames(frames), output, rate, null, 0, cancel);

    /// <summary>
    /// A clip's frames, the PNG files framePath(1..frames) (all one size), with the sound of <paramref name="audioFrom"/> if it
    /// has any: starting at <paramref name="audioStartSeconds"/> (for a clip whose first frames were skipped), cut to the video's
    /// length, copied where the container holds the codec, else re-encoded (aac for mp4, libopus for webm).
    /// </summary>
    public static void Encode(Func<int, string> framePath, int frames, FrameRate rate, string output, ClipInfo? audioFrom, double audioStartSeconds, CancellationToken cancel = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        var missing = Enumerable.Range(1, frames).FirstOrDefault(i => !File.Exists(framePath(i)));
        if (missing > 0) throw new DeepDreamException($"frame {missing} of '{output}' is missing ({framePath(missing)})");
        Encode(new PngFiles(framePath, frames), output, rate, audioFrom, audioStartSeconds, cancel);
    }

    static void Encode(IFrameFeed frames, string output, FrameRate rate, ClipInfo? audioFrom, double audioStartSeconds, CancellationToken cancel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(audioStartSeconds);
        cancel.ThrowIfCancellationRequested();
        var container = Containers.GetValueOrDefault(Path.GetExtension(output))
            ?? throw new DeepDreamException($"cannot write '{output}': give a .mp4, .webm or .gif file");
        var sound = container.AudioEncoder is not null && audioFrom is { HasAudio: true } ? audioFrom : null;
        List<string> arguments = ["-v", "error", "-y", .. frames.Input(rate), "-i", "pipe:0"];
        if (sound is not null)
            arguments.AddRange(["-ss", audioStartSeconds.ToString("0.######", CultureInfo.InvariantCulture), .. sound.Source.DecodeArguments]);
        arguments.AddRange(["-map", "0:v:0", .. container.Video]);
        if (sound is not null)
            arguments.AddRange(["-map", "1:a:0", .. container.CopiedAudio.Contains(sound.AudioCodec) ? ["-c:a", "copy"] : container.AudioEncoder!, "-shortest"]);
        AtomicFile.Write(output, temporary => Run([.. arguments, FfmpegProcess.FileArgument(temporary)], frames, output, cancel));
    }

    static void Run(List<string> arguments, IFrameFeed frames, string output, CancellationToken cancel)
    {
        using var ffmpeg = FfmpegProcess.Start("ffmpeg", arguments, $"'{output}'", FfmpegProcess.StallLimit, cancel, input: true);
        try
        {
            frames.WriteTo(ffmpeg.Input);
            ffmpeg.Input.Close();
        }
        catch (IOException)
        {
            // ffmpeg has stopped reading: it failed, or was stopped; its exit code and stderr tell.
        }
        if (ffmpeg.Finish() != 0) throw new DeepDreamException($"ffmpeg could not encode '{output}': {ffmpeg.Error(arguments[^1])}");
    }

    /// <summary>Frames as ffmpeg reads them from its stdin.</summary>
    interface IFrameFeed
    {
        /// <summary>ffmpeg's input options for them (before "-i pipe:0").</summary>
        IEnumerable<string> Input(FrameRate rate);

        void WriteTo(Stream pipe);
    }

    /// <summary>Images in memory as packed 8-bit RGB, the first one's size the video's.</summary>
    sealed class RawFrames : IFrameFeed
    {
        readonly IEnumerator<RgbImage> frame;
        readonly RgbImage first;

        public RawFrames(IEnumerable<RgbImage> frames)
        {
            frame = frames.GetEnumerator();
            first = frame.MoveNext() ? frame.Current : throw new ArgumentException("a video needs at least one frame", nameof(frames));
        }

        public IEnumerable<string> Input(FrameRate rate) => ["-f", "rawvideo", "-r", rate.ToString(), "-pix_fmt", "rgb24", "-s", $"{first.Width}x{first.Height}"];

        public void WriteTo(Stream pipe)
        {
            for (RgbImage? image = first; image is not null; image = frame.MoveNext() ? frame.Current : null)
            {
                if ((image.Width, image.Height) != (first.Width, first.Height))
                    throw new ArgumentException($"frames of a video must be one size: {image.Width}x{image.Height} after {first.Width}x{first.Height}");
                pipe.Write(Packed(image));
            }
        }

        static byte[] Packed(RgbImage image)
        {
            var bytes = new byte[3 * image.PlaneSize];
            for (var i = 0; i < image.PlaneSize; i++)
                for (var c = 0; c < 3; c++)
                    bytes[3 * i + c] = (byte)Math.Clamp(MathF.Round(image.Pixels[c * image.PlaneSize + i]), 0, 255);
            return bytes;
        }
    }

    /// <summary>PNG files, streamed whole, so that frames may be named any way.</summary>
    sealed class PngFiles(Func<int, string> framePath, int frames) : IFrameFeed
    {
        public IEnumerable<string> Input(FrameRate rate) => ["-f", "image2pipe", "-framerate", rate.ToString(), "-c:v", "png"];

        public void WriteTo(Stream pipe)
        {
            for (var i = 1; i <= frames; i++) pipe.Write(Read(framePath(i), i));
        }

        static byte[] Read(string path, int frame)
        {
            try
            {
                return File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new DeepDreamException($"cannot read frame {frame} ({path}): {e.Message}", e);
            }
        }
    }
}
