using System.CommandLine;
using DeepDream.Benchmarks;
using DeepDream.Benchmarks.Peer;
using DeepDream.Imaging;

namespace DeepDream.Cli.Commands;

/// <summary>`deepdream bench`: how fast dreams run here, against this machine's measured peak (and PyTorch, if asked).</summary>
static class BenchCommand
{
    public static Command Create()
    {
        var json = CommonOptions.Json();
        var quick = new Option<bool>("--quick") { Description = "224x224 cases and start-up only (under a minute); with --peer, only the peer's agreement check (about 20 s more)" };
        var markdown = new Option<string?>("--markdown") { Description = "also write the results as a Markdown page (e.g. docs/benchmarks.md)" };
        var peer = new Option<string?>("--peer")
        {
            Description = "also dream the default 1024x768 dreams with PyTorch eager, fp32 and bf16, side by side with ours (minutes more), after checking that it computes "
                + "our objective and gradient; needs Debian's python3-torch (without it, exits with 1 at once)",
        };
        peer.AcceptOnlyFromAmong(TorchPeer.Name);
        var command = new Command("bench", "benchmark the engine: peak FLOP/s, per-iteration times and efficiency, end-to-end dreams") { json, quick, markdown, peer };
        command.SetAction(parsed =>
        {
            TorchPeer? torch = null;
            // Asked for by name, so missing it is an error, found before the minutes of the rest of the bench.
            if (parsed.GetValue(peer) is not null && (torch = TorchPeer.Find()) is null)
            {
                Console.Error.WriteLine($"deepdream bench --peer {TorchPeer.Name}: {TorchPeer.Missing}");
                return 1;
            }
            var report = Benchmark.Run(parsed.GetValue(quick), Path.Combine(AppContext.BaseDirectory, "DeepDream.Cli.dll"), torch, m => Console.Error.WriteLine(m));
            var page = BenchMarkdown.Render(report);
            if (parsed.GetValue(markdown) is { } path) AtomicFile.Write(path, System.Text.Encoding.UTF8.GetBytes(page));
            if (parsed.GetValue(json))
                Json.Print(new
                {
                    machine = report.Machine,
                    peakGflops = report.PeakGflops,
                    peakBf16Gflops = report.PeakBf16Gflops,
                    engine = report.Engine,
                    cases = report.Cases,
                    dreams1024x768 = report.Dreams,
                    zoom = report.Zoom,
                    clip = report.Clip,
                    peakRssMb4000x3000 = report.PeakRssMb4000x3000,
                    firstIterationMs = report.FirstIterationMs,
                    visualization = report.Visualization,
                    peer = report.Peer,
                });
            else Console.Out.Write(page);
            return 0;
        });
        return command;
    }
}
