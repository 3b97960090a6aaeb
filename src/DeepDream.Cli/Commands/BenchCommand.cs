using System.CommandLine;
using DeepDream.Benchmarks;
using DeepDream.Imaging;

namespace DeepDream.Cli.Commands;

/// <summary>`deepdream bench`: how fast dreams run here, against this machine's measured peak.</summary>
static class BenchCommand
{
    public static Command Create()
    {
        var json = CommonOptions.Json();
        var quick = new Option<bool>("--quick") { Description = "224x224 cases and start-up only (under a minute)" };
        var markdown = new Option<string?>("--markdown") { Description = "also write the results as a Markdown page (e.g. docs/benchmarks.md)" };
        var command = new Command("bench", "benchmark the engine: peak FLOP/s, per-iteration times and efficiency, end-to-end dreams") { json, quick, markdown };
        command.SetAction(parsed =>
        {
            var report = Benchmark.Run(parsed.GetValue(quick), Path.Combine(AppContext.BaseDirectory, "DeepDream.Cli.dll"), m => Console.Error.WriteLine(m));
            if (parsed.GetValue(markdown) is { } path) AtomicFile.Write(path, System.Text.Encoding.UTF8.GetBytes(BenchMarkdown.Render(report)));
            if (parsed.GetValue(json))
                Json.Print(new
                {
                    machine = report.Machine,
                    peakGflops = report.PeakGflops,
                    cases = report.Cases,
                    dream1024x768Seconds = report.Dream1024x768Seconds,
                    dream1024x768LowerBoundSeconds = report.Dream1024x768LowerBoundSeconds,
                    zoomSecondsPerFrame = report.ZoomSecondsPerFrame,
                    clip = report.Clip,
                    peakRssMb4000x3000 = report.PeakRssMb4000x3000,
                    firstIterationMs = report.FirstIterationMs,
                    visualization = report.Visualization,
                });
            else Console.Out.Write(BenchMarkdown.Render(report));
            return 0;
        });
        return command;
    }
}
