using DeepDream.Imaging;
using FFMpegCore;
using FFMpegCore.Exceptions;
using FFMpegCore.Pipes;

namespace DeepDream.Video;

/// <summary>
/// Encodes frames with the system's ffmpeg (through FFMpegCore), streaming raw RGB frames on a pipe:
/// .mp4 (H.264, yuv420p), .webm (VP9) or .gif (with an optimized palette).
/// </summary>
public static class VideoEncoder
{
    public static bool Supports(string path) => VideoFormats.Codecs.ContainsKey(Path.GetExtension(path));

    /// <summary>The frame size a format can hold: H.264 and VP9 keep colour at half resolution, so their sides must be even.</summary>
    public static RgbImage FitFrame(RgbImage image, string extension) =>
        extension.TrimStart('.').ToLowerInvariant() is "mp4" or "webm" ? image.Crop(0, 0, image.Width & ~1, image.Height & ~1) : image;

    /// <summary>The ffmpeg executable on PATH, or null.</summary>
    public static string? FindFfmpeg() => FindOnPath("ffmpeg");

    /// <summary>An executable of that name on PATH (ffmpeg, ffprobe), or null.</summary>
    internal static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    /// <summary>Writes the video to a temporary file beside <paramref name="path"/>, then renames it.</summary>
    public static void Encode(IEnumerable<RgbImage> frames, string path, int fps, CancellationToken cancel = default)
    {
        var ffmpeg = FindFfmpeg() ?? throw new DeepDreamException("ffmpeg is not installed; install it (sudo apt-get install ffmpeg)");
        var temporary = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileNameWithoutExtension(path)}.{Guid.NewGuid():N}{Path.GetExtension(path)}");
        var source = new RawVideoPipeSource(frames.Select(f => (IVideoFrame)new RgbFrame(f))) { FrameRate = fps };
        try
        {
            FFMpegArguments.FromPipeInput(source)
                .OutputToFile(temporary, true, o => o.WithCustomArgument(string.Join(' ', VideoFormats.Codecs[Path.GetExtension(path)])))
                .ProcessSynchronously(true, new FFOptions { BinaryFolder = Path.GetDirectoryName(ffmpeg)! }, cancel);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is FFMpegException or IOException)
        {
            throw new DeepDreamException($"ffmpeg could not encode '{path}': {e.Message.Split('\n')[0]}", e);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>One frame as packed 8-bit RGB, the raw format ffmpeg reads from the pipe.</summary>
    sealed class RgbFrame(RgbImage image) : IVideoFrame
    {
        public int Width => image.Width;
        public int Height => image.Height;
        public string PixelFormat => "rgb24";

        public void Serialize(Stream stream) => stream.Write(Pack());

        public Task SerializeAsync(Stream stream, CancellationToken token) => stream.WriteAsync(Pack(), token).AsTask();

        byte[] Pack()
        {
            var bytes = new byte[3 * image.PlaneSize];
            for (var i = 0; i < image.PlaneSize; i++)
                for (var c = 0; c < 3; c++)
                    bytes[3 * i + c] = (byte)Math.Clamp(MathF.Round(image.Pixels[c * image.PlaneSize + i]), 0, 255);
            return bytes;
        }
    }
}
