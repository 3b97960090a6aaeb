using System.ComponentModel;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace DeepDream.Video.Clips;

/// <summary>
/// ffmpeg or ffprobe from PATH, its arguments passed one by one (never through a shell). Its stderr is
/// drained in the background, keeping only its first and last lines, so a chatty or dying process can never
/// stall the pipes the caller reads and writes.
/// </summary>
sealed partial class FfmpegProcess : IDisposable
{
    readonly Process process;
    readonly Lock errors = new();
    string? firstError;
    string? lastError;

    FfmpegProcess(Process process) => this.process = process;

    /// <param name="tool">"ffmpeg" or "ffprobe".</param>
    /// <param name="input">Whether the caller writes to its stdin; otherwise it has none.</param>
    public static FfmpegProcess Start(string tool, IEnumerable<string> arguments, bool input = false)
    {
        var executable = VideoEncoder.FindOnPath(tool) ?? throw new DeepDreamException($"{tool} is not installed; install it (sudo apt-get install ffmpeg)");
        var start = new ProcessStartInfo(executable) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        var result = new FfmpegProcess(new Process { StartInfo = start });
        result.process.ErrorDataReceived += (_, e) => result.Keep(e.Data);
        try
        {
            result.process.Start();
        }
        catch (Win32Exception e)
        {
            throw new DeepDreamException($"{tool} ({executable}) could not be started: {e.Message}", e);
        }
        result.process.BeginErrorReadLine();
        if (!input) result.process.StandardInput.Close();
        return result;
    }

    /// <summary>A path as an ffmpeg input or output: "file:" keeps names with a colon or a leading dash from reading as protocols or options.</summary>
    public static string FileArgument(string path) => "file:" + Path.GetFullPath(path);

    public Stream Input => process.StandardInput.BaseStream;

    public Stream Output => process.StandardOutput.BaseStream;

    /// <summary>Waits for the process to end (and its stderr to be read) and gives its exit code.</summary>
    public int Finish()
    {
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>
    /// What ffmpeg complained of first (the cause, as a rule: "moov atom not found") and last (what it gave up on:
    /// "Invalid data found when processing input"), as one line, without the "[demuxer @ 0x…]" and "file:…:" prefixes.
    /// </summary>
    public string Error(string? argument = null)
    {
        lock (errors)
        {
            var text = firstError is null ? $"exit code {process.ExitCode}" : firstError == lastError ? firstError : $"{firstError}; {lastError}";
            return argument is null ? text : text.Replace(argument + ": ", "");
        }
    }

    public void Kill()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
    }

    public void Dispose()
    {
        Kill();
        process.WaitForExit();
        process.Dispose();
    }

    void Keep(string? line)
    {
        if (string.IsNullOrWhiteSpace(line) || line == "Conversion failed!") return;
        lock (errors)
        {
            lastError = ContextPrefix().Replace(line.Trim(), "");
            firstError ??= lastError;
        }
    }

    [GeneratedRegex(@"^\[[^\]]*@ *0x[0-9a-f]+\] *")]
    private static partial Regex ContextPrefix();
}
