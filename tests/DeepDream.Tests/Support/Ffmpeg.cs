using System.Diagnostics;
using System.Text.Json;

namespace DeepDream.Tests.Support;

/// <summary>The system's ffmpeg and ffprobe, to make test clips and to check what the program wrote.</summary>
static class Ffmpeg
{
    /// <summary>Runs ffmpeg (quiet, overwriting) and fails the test if it fails.</summary>
    public static string Make(string output, params string[] args)
    {
        var (code, _, error) = Run("ffmpeg", ["-v", "error", "-y", .. args, output]);
        if (code != 0) throw new InvalidOperationException($"ffmpeg could not make {output}: {error}");
        return output;
    }

    /// <summary>Every stream of a file, its frames counted by decoding.</summary>
    public static JsonElement[] Streams(string path)
    {
        var (_, output, _) = Run("ffprobe", ["-v", "error", "-count_frames", "-show_entries",
            "stream=codec_type,codec_name,width,height,r_frame_rate,nb_read_frames,pix_fmt", "-of", "json", path]);
        return [.. JsonDocument.Parse(output).RootElement.GetProperty("streams").EnumerateArray()];
    }

    public static JsonElement Video(string path) => Streams(path).First(s => s.GetProperty("codec_type").GetString() == "video");

    public static bool HasAudio(string path) => Streams(path).Any(s => s.GetProperty("codec_type").GetString() == "audio");

    static (int Code, string Output, string Error) Run(string program, string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }
}
