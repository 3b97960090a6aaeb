using System.Globalization;
using System.Text;

namespace DeepDream.Benchmarks;

/// <summary>The benchmark as the Markdown page docs/benchmarks.md.</summary>
public static class BenchMarkdown
{
    public static string Render(BenchReport r)
    {
        var text = new StringBuilder();
        static string F(double v, string format = "0.0") => v.ToString(format, CultureInfo.InvariantCulture);
        text.AppendLine("# Benchmarks").AppendLine();
        text.AppendLine($"Measured by `./deepdream bench` on {r.Date:yyyy-MM-dd}: {r.Machine}.").AppendLine();
        text.AppendLine($"Peak: **{F(r.PeakGflops)} GFLOP/s** fp32 (the best square ONNX Runtime MatMul of 512, 1024 and 2048, same session settings as the dreams, measured before and after the cases below).").AppendLine();
        text.AppendLine("| model | layer | size | forward ms | forward+gradient ms | overhead | GFLOP / iteration | efficiency |");
        text.AppendLine("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var c in r.Cases)
            text.AppendLine($"| {c.Model} | {c.Layer} | {c.Width}x{c.Height} | {F(c.ForwardMs)} | {F(c.GradientMs)} | {F(c.Overhead, "0.00")} | {F(c.GflopPerIteration, "0.00")} | {F(c.Efficiency * 100, "0")}% |");
        text.AppendLine();
        text.AppendLine("| end to end | value |").AppendLine("| --- | ---: |");
        foreach (var (model, seconds) in r.Dream1024x768Seconds)
            text.AppendLine($"| default dream (4 octaves x 10 iterations) of a 1024x768 photo, {model} | {F(seconds)} s (its FLOPs at peak: {F(r.Dream1024x768LowerBoundSeconds[model])} s) |");
        if (r.ZoomSecondsPerFrame is { } zoom) text.AppendLine($"| 512x512 zoom video, resnet18 defaults | {F(zoom)} s per frame |");
        if (r.Clip is { } clip)
        {
            text.AppendLine($"| {clip.Width}x{clip.Height} clip ({clip.Frames} frames of a camera pan), `video` defaults | {F(clip.SecondsPerFrame)} s per frame, {F(clip.FlowShare * 100, "0")}% of it optical flow |");
            text.AppendLine($"| flicker of that clip (output warp error over the input's) | {F(clip.FlickerWithFlow, "0.00")} with flow, {F(clip.FlickerWithoutFlow, "0.00")} with `--flow none` |");
        }
        if (r.PeakRssMb4000x3000 is { } rss) text.AppendLine($"| peak resident memory of a 4000x3000 dream (512 tiles) | {F(rss, "0")} MB |");
        text.AppendLine($"| time to the first iteration (process start, model load, session build, one step, 224x224) | {F(r.FirstIterationMs, "0")} ms |");
        var v = r.Visualization;
        text.AppendLine($"| feature visualization of a resnet18 layer3 channel, 224x224, {v.Renderer} ({v.Iterations} steps) | {F(v.Visualize224Seconds)} s |");
        if (v.Sheet64Seconds is { } sheet) text.AppendLine($"| sheet of 64 resnet18 layer3 channels at 128x128, {v.Renderer} ({v.SheetIterations} steps each) | {F(sheet)} s |");
        Goals(text, r, F);
        text.AppendLine().AppendLine("What each change bought and what limits these numbers: [performance.md](performance.md).");
        return text.ToString();
    }

    /// <summary>The goals set for the 2-core development machine, against this run.</summary>
    static void Goals(StringBuilder text, BenchReport r, Func<double, string, string> f)
    {
        var rows = new List<(string Goal, string Target, string Measured, bool Met)>();
        if (r.Cases.FirstOrDefault(c => c.Model == Benchmark.ReplicaName && c.Width == 512) is { } replica)
        {
            rows.Add(("iteration throughput, inception5h replica 512x512", "≥ 70% of peak", f(replica.Efficiency * 100, "0") + "%", replica.Efficiency >= 0.7));
            rows.Add(("gradient overhead, same", "≤ 2.2", f(replica.Overhead, "0.00"), replica.Overhead <= 2.2));
        }
        if (r.Dream1024x768Seconds.TryGetValue(Benchmark.ReplicaName, out var dream))
            rows.Add(("default 1024x768 dream, inception5h replica", "≤ 18 s", f(dream, "0.0") + " s", dream <= 18));
        if (r.PeakRssMb4000x3000 is { } rss) rows.Add(("4000x3000 dream, peak RSS", "≤ 1.5 GB", f(rss, "0") + " MB", rss <= 1536));
        rows.Add(("first iteration after start", "≤ 1.5 s", f(r.FirstIterationMs, "0") + " ms", r.FirstIterationMs <= 1500));
        text.AppendLine().AppendLine("| goal | target | measured | |").AppendLine("| --- | --- | ---: | --- |");
        foreach (var (goal, target, measured, met) in rows) text.AppendLine($"| {goal} | {target} | {measured} | {(met ? "met" : "not met")} |");
    }
}
