using System.Diagnostics;

namespace DeepDream.Benchmarks;

/// <summary>
/// A whole child process, measured from outside: wall time from start to exit, and its peak resident
/// memory (VmHWM, read while it runs: the kernel's high-water mark, so no peak between reads is missed).
/// </summary>
public sealed record ChildRun(double Seconds, double PeakRssMb, string Output)
{
    public static ChildRun Of(string file, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var peakKb = 0L;
        while (!process.WaitForExit(20)) peakKb = Math.Max(peakKb, HighWaterKb(process.Id));
        var seconds = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0)
            throw new DeepDreamException($"benchmark child run '{Path.GetFileName(file)} {string.Join(' ', start.ArgumentList.Take(2))}' failed: {stderr.Result.Trim()}");
        return new ChildRun(seconds, peakKb / 1024.0, stdout.Result);
    }

    /// <summary>Best of a few runs of the same thing: the shortest time (a busy moment of a shared machine only adds to it) and the smallest peak.</summary>
    public static ChildRun Best(IEnumerable<ChildRun> runs) =>
        runs.Aggregate((a, b) => new ChildRun(Math.Min(a.Seconds, b.Seconds), Math.Min(a.PeakRssMb, b.PeakRssMb), a.Seconds <= b.Seconds ? a.Output : b.Output));

    static long HighWaterKb(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:"));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        }
        catch (IOException) { return 0; }
    }
}
