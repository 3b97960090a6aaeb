using System.Globalization;

namespace DeepDream.Video.Clips;

/// <summary>
/// Encodes numbered PNG frames into a clip at an exact rational rate, with the sound of the clip they came from.
/// The PNG files are streamed to ffmpeg's stdin, so frames may be named any way.
/// </summary>
public static class ClipEncoder
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

    /// <summary>
    /// Encodes numbered PNG frames (files named by framePath(1..frames), all the same size) into output by its extension:
    /// .mp4 (H.264, yuv420p, +faststart), .webm (VP9), .gif (optimized palette, no audio), at exactly <paramref name="rate"/>.
    /// If audioFrom is not null and has audio: its audio is kept, starting at audioStartSeconds (for a clip whose first
    /// frames were skipped) and cut to the video's length; copied where the container holds the codec, else re-encoded
    /// (aac for mp4, libopus for webm). Writes a temporary file beside output and renames it: output is never half-written.
    /// </summary>
    public static void Encode(Func<int, string> framePath, int frames, FrameRate rate, string output, ClipInfo? audioFrom, double audioStartSeconds, CancellationToken cancel = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(audioStartSeconds);
        cancel.ThrowIfCancellationRequested();
        var container = Containers.GetValueOrDefault(Path.GetExtension(output))
            ?? throw new DeepDreamException($"cannot write '{output}': give a .mp4, .webm or .gif file");
        var missing = Enumerable.Range(1, frames).FirstOrDefault(i => !File.Exists(framePath(i)));
        if (missing > 0) throw new DeepDreamException($"frame {missing} of '{output}' is missing ({framePath(missing)})");
        var sound = container.AudioEncoder is not null && audioFrom is { HasAudio: true } ? audioFrom : null;
        var arguments = new List<string> { "-v", "error", "-y", "-f", "image2pipe", "-framerate", rate.ToString(), "-c:v", "png", "-i", "pipe:0" };
        if (sound is not null)
            arguments.AddRange(["-ss", audioStartSeconds.ToString("0.######", CultureInfo.InvariantCulture), .. sound.Source.DecodeArguments]);
        arguments.AddRange(["-map", "0:v:0", .. container.Video]);
        if (sound is not null)
            arguments.AddRange(["-map", "1:a:0", .. container.CopiedAudio.Contains(sound.AudioCodec) ? ["-c:a", "copy"] : container.AudioEncoder!, "-shortest"]);

        var temporary = CreateTemporary(output);
        try
        {
            arguments.Add(FfmpegProcess.FileArgument(temporary));
            Run(arguments, framePath, frames, output, cancel);
            Rename(temporary, output);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>An empty file beside output, created here so that an unwritable folder is named before ffmpeg starts.</summary>
    static string CreateTemporary(string output)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(output))!;
        if (!Directory.Exists(folder)) throw new DeepDreamException($"output folder '{folder}' does not exist; create it first");
        var temporary = Path.Combine(folder, $".{Path.GetFileNameWithoutExtension(output)}.{Guid.NewGuid():N}{Path.GetExtension(output)}");
        try
        {
            File.Create(temporary).Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DeepDreamException($"cannot write '{output}': the folder '{folder}' is not writable ({e.Message})", e);
        }
        return temporary;
    }

    static void Rename(string temporary, string output)
    {
        try
        {
            File.Move(temporary, output, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DeepDreamException($"cannot write '{output}': {e.Message}", e);
        }
    }

    static void Run(List<string> arguments, Func<int, string> framePath, int frames, string output, CancellationToken cancel)
    {
        using var ffmpeg = FfmpegProcess.Start("ffmpeg", arguments, $"'{output}'", FfmpegProcess.StallLimit, cancel, input: true);
        Feed(ffmpeg, framePath, frames);
        if (ffmpeg.Finish() != 0) throw new DeepDreamException($"ffmpeg could not encode '{output}': {ffmpeg.Error(arguments[^1])}");
    }

    static void Feed(FfmpegProcess ffmpeg, Func<int, string> framePath, int frames)
    {
        for (var i = 1; i <= frames; i++)
        {
            var png = ReadFrame(framePath(i), i);
            try
            {
                ffmpeg.Input.Write(png);
            }
            catch (IOException)
            {
                return; // ffmpeg has stopped reading: it failed, or was killed; its exit code and stderr tell.
            }
        }
        ffmpeg.Input.Close();
    }

    static byte[] ReadFrame(string path, int frame)
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
