using System.Diagnostics;

namespace DeepDream.Tests.Cli;

/// <summary>Runs the real `deepdream` CLI in its own process, as a user would.</summary>
static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>The environment variables a studio node takes its secrets from.</summary>
    public static readonly string[] Secrets = ["DEEPDREAM_STORE", "DEEPDREAM_ADMIN_KEY"];

    public static Result Run(params string[] args) => RunWith(new Dictionary<string, string>(), args);

    public static Result RunWith(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var process = Start(environment, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs the CLI until <paramref name="enough"/> holds (or two minutes pass), then kills it: an interrupted render.</summary>
    public static void RunUntil(Func<bool> enough, params string[] args)
    {
        using var process = Start(new Dictionary<string, string>(), args);
        var clock = Stopwatch.StartNew();
        while (!enough() && !process.HasExited && clock.Elapsed < TimeSpan.FromMinutes(2)) Thread.Sleep(20);
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    /// <summary>Starts the CLI with its output redirected, for commands that keep running (serve).</summary>
    public static Process Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // A developer's shell may name a studio's database or key: a test's CLI uses only what the test gives it.
        foreach (var secret in Secrets) start.Environment.Remove(secret);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DeepDream.Cli.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        return Process.Start(start)!;
    }
}
