using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace DeepDream.Video;

/// <summary>
/// ffmpeg or ffprobe from PATH, its arguments passed one by one (never through a shell). Its stderr is
/// drained in the background, keeping only its first and last lines, so a chatty or dying process can never
/// stall the pipes the caller reads and writes. A watchdog stops it when we have waited on it for longer than its
/// time limit at once (for a probe, which answers once at its end, that is its whole run; the time it waits on us,
/// dreaming, does not count), and a cancelled caller stops it at once: a crafted file can neither keep it busy
/// forever nor outlive the request it serves.
/// </summary>
sealed partial class FfmpegProcess : IDisposable
{
    /// <summary>How long a decoder or encoder may go without taking or giving a frame: far beyond any real frame's time.</summary>
    public static readonly TimeSpan StallLimit = TimeSpan.FromMinutes(1);

    readonly Process process;
    readonly string tool;
    readonly string about;
    readonly TimeSpan limit;
    readonly CancellationToken cancel;
    readonly Timer watchdog;
    readonly CancellationTokenRegistration cancelled;
    readonly Lock errors = new();
    string? firstError;
    string? lastError;
    volatile bool stalled;

    FfmpegProcess(Process process, string tool, string about, TimeSpan limit, CancellationToken cancel)
    {
        this.process = process;
        this.tool = tool;
        this.about = about;
        this.limit = limit;
        this.cancel = cancel;
        watchdog = new Timer(_ => Stall());
        cancelled = cancel.Register(Kill);
    }

    /// <param name="tool">"ffmpeg" or "ffprobe".</param>
    /// <param name="about">The file it works on, for messages.</param>
    /// <param name="limit">How long we wait on it at most, for one read, one write or its end.</param>
    /// <param name="input">Whether the caller writes to its stdin; otherwise it has none.</param>
    public static FfmpegProcess Start(string tool, IEnumerable<string> arguments, string about, TimeSpan limit, CancellationToken cancel, bool input = false)
    {
        cancel.ThrowIfCancellationRequested();
        var executable = Find(tool) ?? throw new DeepDreamException($"{tool} is not installed; install it (sudo apt-get install ffmpeg)");
        var start = new ProcessStartInfo(executable) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        var result = new FfmpegProcess(new Process { StartInfo = start }, tool, about, limit, cancel);
        result.process.ErrorDataReceived += (_, e) => result.Keep(e.Data);
        try
        {
            result.process.Start();
        }
        catch (Win32Exception e)
        {
            result.Dispose();
            throw new DeepDreamException($"{tool} ({executable}) could not be started: {e.Message}", e);
        }
        result.process.BeginErrorReadLine();
        if (!input) result.process.StandardInput.Close();
        result.Input = new Watched(result.process.StandardInput.BaseStream, result);
        result.Output = new Watched(result.process.StandardOutput.BaseStream, result);
        return result;
    }

    /// <summary>The executable of that name on PATH (ffmpeg, ffprobe), or null.</summary>
    public static string? Find(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);

    /// <summary>A path as an ffmpeg input or output: "file:" keeps names with a colon or a leading dash from reading as protocols or options.</summary>
    public static string FileArgument(string path) => "file:" + Path.GetFullPath(path);

    public Stream Input { get; private set; } = Stream.Null;

    public Stream Output { get; private set; } = Stream.Null;

    /// <summary>
    /// Waits for the process to end (and its stderr to be read) and gives its exit code; throws if it was cancelled,
    /// or stopped by the watchdog.
    /// </summary>
    public int Finish()
    {
        Waiting(process.WaitForExit);
        cancel.ThrowIfCancellationRequested();
        if (stalled)
            throw new DeepDreamException(string.Create(CultureInfo.InvariantCulture,
                $"{tool} made no progress on {about} for {limit.TotalSeconds:0} s and was stopped; the file may be damaged, or made to stall it"));
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
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Not started, or already gone: nothing to stop.
        }
    }

    public void Dispose()
    {
        cancelled.Dispose();
        watchdog.Dispose();
        Kill();
        try { process.WaitForExit(); }
        catch (InvalidOperationException) { }
        process.Dispose();
    }

    /// <summary>From here until <see cref="Disarm"/> we wait on the process: the watchdog stops it if that takes too long.</summary>
    void Arm() => watchdog.Change(limit, Timeout.InfiniteTimeSpan);

    void Disarm() => watchdog.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    T Waiting<T>(Func<T> wait)
    {
        Arm();
        try { return wait(); }
        finally { Disarm(); }
    }

    void Waiting(Action wait) => Waiting(() => { wait(); return 0; });

    void Stall()
    {
        stalled = true;
        Kill();
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

    /// <summary>One of the process's pipes, each read and write of it under the watchdog.</summary>
    sealed class Watched(Stream pipe, FfmpegProcess owner) : Stream
    {
        public override bool CanRead => pipe.CanRead;
        public override bool CanWrite => pipe.CanWrite;
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => owner.Waiting(() => pipe.Read(buffer, offset, count));

        // Spans cannot enter a lambda: the same watch, written out.
        public override int Read(Span<byte> buffer)
        {
            owner.Arm();
            try { return pipe.Read(buffer); }
            finally { owner.Disarm(); }
        }

        public override void Write(byte[] buffer, int offset, int count) => owner.Waiting(() => pipe.Write(buffer, offset, count));

        public override void Flush() => pipe.Flush();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            // Closing stdin is how ffmpeg learns that the frames have ended; stdout is the process's to close.
            if (disposing && pipe.CanWrite) pipe.Dispose();
            base.Dispose(disposing);
        }
    }
}
