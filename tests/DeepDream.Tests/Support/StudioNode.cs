using System.Collections.Concurrent;
using System.Diagnostics;
using DeepDream.Tests.Cli;

namespace DeepDream.Tests.Support;

/// <summary>
/// One node of a studio spread over processes: `deepdream serve` or `deepdream worker`, the real CLI in a
/// process of its own, as an operator starts it. Killing it is SIGKILL: no goodbye to the database.
/// </summary>
public sealed class StudioNode : IDisposable
{
    readonly Process process;
    readonly ConcurrentQueue<string> output = new();

    StudioNode(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Where an API node listens.</summary>
    public Uri? Address { get; private set; }

    /// <summary>The most memory the process has held so far (its peak resident set, VmHWM), in bytes.</summary>
    public long PeakMemory => 1024 * long.Parse(File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith("VmHWM:"))
        .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);

    /// <summary>Everything it wrote, for the message of a failing test.</summary>
    public string Log => string.Join('\n', output);

    public static Task<StudioNode> ServeAsync(string store, string data, string urls = "http://127.0.0.1:0", params string[] more) =>
        StartAsync("deepdream studio on ", ["serve", "--store", store, "--data", data, "--urls", urls, "--workers", "0", .. more]);

    public static Task<StudioNode> WorkerAsync(string store, string data, params string[] more) =>
        StartAsync("deepdream worker:", ["worker", "--store", store, "--data", data, .. more]);

    static async Task<StudioNode> StartAsync(string ready, string[] args)
    {
        var node = new StudioNode(CliRunner.Start(new Dictionary<string, string>(), args));
        var clock = Stopwatch.StartNew();
        string? line;
        while ((line = node.output.FirstOrDefault(l => l.StartsWith(ready))) is null)
        {
            if (node.process.HasExited || clock.Elapsed > TimeSpan.FromMinutes(1))
            {
                node.Dispose();
                throw new InvalidOperationException($"deepdream {args[0]} did not start: {node.Log}");
            }
            await Task.Delay(20);
        }
        if (args[0] == "serve") node.Address = new Uri(line[ready.Length..].Split(' ', ',')[0]);
        return node;
    }

    /// <summary>SIGTERM, as a service manager stops it: the node shuts down gracefully.</summary>
    public void Terminate() => Process.Start("kill", ["-TERM", $"{process.Id}"])!.WaitForExit();

    public bool WaitForExit(TimeSpan limit) => process.WaitForExit(limit);

    public void Kill()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        process.Dispose();
    }
}
