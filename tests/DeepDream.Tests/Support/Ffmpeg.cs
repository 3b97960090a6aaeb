using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace DeepDream.Tests.Support;

/// <summary>The system's ffmpeg and ffprobe, to make test clips and to check what the program wrote, independently of its own probe.</summary>
static class Ffmpeg
{
    /// <summary>Runs ffmpeg (quiet, overwriting, no stdin) and fails the test if it fails.</summary>
    public static void Run(params string[] args)
    {
        var (code, _, error) = Start("ffmpeg", ["-v", "error", "-y", "-nostdin", .. args]);
        if (code != 0) throw new InvalidOperationException($"ffmpeg {string.Join(' ', args)} failed: {error}");
    }

    /// <summary>Makes <paramref name="output"/> from the arguments; returns its path.</summary>
    public static string Make(string output, params string[] args)
    {
        Run([.. args, output]);
        return output;
    }

    /// <summary>Every stream of a file, its frames counted by decoding.</summary>
    public static JsonElement[] Streams(string path)
    {
        var (_, output, _) = Start("ffprobe", ["-v", "error", "-count_frames", "-print_format", "json", "-show_streams", path]);
        return [.. JsonDocument.Parse(output).RootElement.GetProperty("streams").EnumerateArray()];
    }

    public static JsonElement Video(string path) => Streams(path).First(s => s.GetProperty("codec_type").GetString() == "video");

    public static bool HasAudio(string path) => Streams(path).Any(s => s.GetProperty("codec_type").GetString() == "audio");

    /// <summary>How loud a file's sound is over its first <paramref name="seconds"/>: the root mean square of its samples, 0..32768.</summary>
    public static double Loudness(string path, double seconds)
    {
        var (code, pcm, error) = Start("ffmpeg", ["-v", "error", "-nostdin", "-i", path, "-t", seconds.ToString(CultureInfo.InvariantCulture), "-map", "0:a:0", "-ac", "1", "-f", "s16le", "pipe:1"]);
        if (code != 0) throw new InvalidOperationException($"ffmpeg could not read the sound of {path}: {error}");
        var samples = MemoryMarshal.Cast<byte, short>(pcm);
        if (samples.IsEmpty) throw new InvalidOperationException($"{path} has no sound in its first {seconds} s");
        var sum = 0.0;
        foreach (var sample in samples) sum += (double)sample * sample;
        return Math.Sqrt(sum / samples.Length);
    }

    static (int Code, byte[] Output, string Error) Start(string program, string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEndAsync();
        using var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        return (process.ExitCode, output.ToArray(), error.Result);
    }
}
