using System.Globalization;
using System.Text;
using DeepDream.Benchmarks.Peer;

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
        text.AppendLine($"Peak: **{F(r.PeakGflops)} GFLOP/s** fp32 (the best square ONNX Runtime MatMul of 512, 1024 and 2048, same session settings as the dreams)"
            + (r.PeakBf16Gflops is { } bf16 ? $" and **{F(bf16)} GFLOP/s** bf16 (the best oneDNN bf16 1x1 convolution of 512 and 1024 channels over 64x64: a matrix product in the engine's layout)" : "")
            + ", measured before and after the cases below. Each engine's efficiency and FLOP bounds are set against the peak of its own precision.").AppendLine();
        text.AppendLine($"Dreams run on **{r.Engine}** here by default (`--engine auto`); the ORT fp32 rows are what a machine without oneDNN gets (`--engine ort`).").AppendLine();
        text.AppendLine("| model | layer | engine | size | forward ms | forward+gradient ms | overhead | GFLOP / iteration | efficiency |");
        text.AppendLine("| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var c in r.Cases)
            text.AppendLine($"| {c.Model} | {c.Layer} | {c.Engine} | {c.Width}x{c.Height} | {F(c.ForwardMs)} | {F(c.GradientMs)} | {F(c.Overhead, "0.00")} | {F(c.GflopPerIteration, "0.00")} | {F(c.Efficiency * 100, "0")}% |");
        text.AppendLine();
        text.AppendLine("| end to end | value |").AppendLine("| --- | ---: |");
        foreach (var d in r.Dreams)
            text.AppendLine($"| default dream (4 octaves x 10 iterations) of a 1024x768 photo, {d.Model}, {d.Engine} | {F(d.Seconds)} s (its FLOPs at peak: {F(d.LowerBoundSeconds)} s; {F(d.Ratio, "0.00")}x) |");
        static string Frame(FrameBound f) => $"{F(f.Seconds)} s per frame (its FLOPs at peak: {F(f.LowerBoundSeconds)} s; {F(f.Ratio, "0.00")}x)";
        if (r.Zoom is { } zoom) text.AppendLine($"| {zoom.Size}x{zoom.Size} zoom video, resnet18 defaults | {Frame(zoom.Frame)} |");
        if (r.Clip is { } clip)
        {
            text.AppendLine($"| {clip.Width}x{clip.Height} clip ({clip.Frames} frames of a camera pan), `video` defaults | {Frame(clip.Frame)}, {F(clip.FlowShare * 100, "0")}% of it optical flow |");
            text.AppendLine($"| flicker of that clip (output warp error over the input's) | {F(clip.FlickerWithFlow, "0.00")} with flow, {F(clip.FlickerWithoutFlow, "0.00")} with `--flow none` |");
        }
        if (r.PeakRssMb4000x3000 is { } rss) text.AppendLine($"| peak resident memory of a 4000x3000 dream (512 tiles) | {F(rss, "0")} MB |");
        text.AppendLine($"| time to the first iteration (process start, model load, session build, one step, 224x224) | {F(r.FirstIterationMs, "0")} ms |");
        var v = r.Visualization;
        text.AppendLine($"| feature visualization of a resnet18 layer3 channel, 224x224, {v.Renderer} ({v.Iterations} steps) | {F(v.Visualize224Seconds)} s |");
        if (v.Sheet64Seconds is { } sheet) text.AppendLine($"| sheet of 64 resnet18 layer3 channels at 128x128, {v.Renderer} ({v.SheetIterations} steps each) | {F(sheet)} s |");
        if (r.Peer is { } peer) Peer(text, peer, F);
        Goals(text, r, F);
        text.AppendLine().AppendLine("What each change bought and what limits these numbers: [performance.md](performance.md).");
        return text.ToString();
    }

    /// <summary>Our dreams beside PyTorch's, and how closely the peer computes what we do.</summary>
    static void Peer(StringBuilder text, PeerBench p, Func<double, string, string> f)
    {
        var dreamt = p.Models.Where(m => m.Dreams is not null).ToList();
        text.AppendLine().Append("**Against PyTorch.** ");
        if (p.Dream is not { } dream) text.Append("A quick run: the agreement check only, no dreams. ");
        else
        {
            var o = dream.Options;
            text.AppendLine($"The same dream of a {dream.Width}x{dream.Height} photo — {o.Octaves} octaves x {o.Iterations} iterations, the fewest equal crops of at most {o.TileSize} pixels every step, "
                + $"random roll, normalized step, `--seed {o.Seed}` — by `./deepdream dream` and by the PyTorch a user writes: torchvision's own modules "
                + "(resnet18 up to layer3; googlenet up to inception4c for the inception5h replica: torchvision's GoogLeNet is the BatchNorm variant of Inception v1, "
                + "not Google's graph), eval mode, weights frozen, in the same loop ([torchvision_dream.py](../src/DeepDream.Benchmarks/Peer/torchvision_dream.py): the same "
                + $"rolls from .NET's generator, the same crops and steps), PyTorch {p.Version} ({p.Python}: Debian's python3-torch, oneDNN, every core), in each configuration "
                + "a user could pick: fp32 NCHW (PyTorch's default), fp32 channels-last, fp32 channels-last traced and frozen by TorchScript, and bf16 autocast channels-last. "
                + $"Each is a whole process: seconds from start to exit and peak resident memory (VmHWM), the best of {p.Runs} runs, the runs alternating. "
                + "Random weights on both sides of the timing (none can be downloaded here; the time does not depend on them).").AppendLine();
            var configurations = dreamt.SelectMany(m => m.Dreams!.Peers.Select(r => r.Configuration)).Distinct().ToList();
            text.AppendLine($"| model | ours | ours, ORT only | {string.Join(" | ", configurations.Select(c => $"PyTorch {c.Name}"))} | ours / fastest fp32 | ours / fastest bf16 | ORT only / fastest fp32 |");
            text.AppendLine($"| --- | ---: | ---: | {string.Join(" | ", configurations.Select(_ => "---:"))} | ---: | ---: | ---: |");
            string Run(DreamProcess d) => $"{f(d.Seconds, "0.0")} s, {f(d.PeakRssMb, "0")} MB";
            foreach (var m in dreamt)
            {
                var d = m.Dreams!;
                var peers = configurations.Select(c => d.Peers.FirstOrDefault(r => r.Configuration == c) is { } r ? Run(r.Process) : "not run");
                var ortOnly = d.OursOrtOnly ?? d.Ours;
                text.AppendLine($"| {m.Model} {m.Layer} / {d.Counterpart} | {Run(d.Ours)} | {(d.OursOrtOnly is { } ort ? Run(ort) : "the same")} | {string.Join(" | ", peers)} | "
                    + $"{f(d.OursOverFp32, "0.00")} | {(d.OursOverBf16 is { } b ? f(b, "0.00") : "not run")} | {f(ortOnly.Seconds / d.FastestFp32.Process.Seconds, "0.00")} |");
            }
            text.AppendLine();
        }
        text.AppendLine($"The objective of one {p.CheckSize}x{p.CheckSize} image and its gradient, by ours (GradientSession) and by the peer: the relative error "
            + "of the objective and of the gradient (Euclidean norm). Rounding can flip a max pool's choice between two nearly equal values, sending a "
            + "little of the gradient to another pixel (one flip can make a percent of its norm); the float64 rows show on which side it flipped.").AppendLine();
        text.AppendLine("| model | layer | compared | objective | gradient |").AppendLine("| --- | --- | --- | ---: | ---: |");
        foreach (var m in p.Models)
        {
            (string, Agreement)[] rows = [("PyTorch fp32 vs ours", m.Check.Fp32), ("PyTorch bf16 vs ours", m.Check.Bf16),
                ("ours vs PyTorch float64", m.Check.OursExact), ("PyTorch fp32 vs PyTorch float64", m.Check.Fp32Exact)];
            foreach (var (compared, a) in rows)
                text.AppendLine($"| {m.Model} | {m.Layer} | {compared} | {f(a.ObjectiveError, "0.0e+0")} | {f(a.GradientError, "0.0e+0")} |");
        }
    }

    /// <summary>The goals set for the 2-core development machine, against this run.</summary>
    static void Goals(StringBuilder text, BenchReport r, Func<double, string, string> f)
    {
        var rows = new List<(string Goal, string Target, string Measured, bool? Met)>();
        // The goals are the default engine's; the ORT rows above are reported beside them.
        foreach (var at512 in r.Cases.Where(c => c.Width == 512 && c.Engine == r.Engine))
        {
            rows.Add(($"iteration throughput, {at512.Model} 512x512, {at512.Engine}", "≥ 70% of its precision's peak", f(at512.Efficiency * 100, "0") + "%", at512.Efficiency >= 0.7));
            rows.Add(("gradient overhead, same", "≤ 2.5", f(at512.Overhead, "0.00"), at512.Overhead <= 2.5));
        }
        foreach (var d in r.Dreams.Where(d => d.Engine == r.Engine))
        {
            if (d.Model == Benchmark.ReplicaName) rows.Add(($"default 1024x768 dream, inception5h replica, {d.Engine}", "≤ 18 s", f(d.Seconds, "0.0") + " s", d.Seconds <= 18));
            rows.Add(($"default 1024x768 dream, {d.Model}, {d.Engine}", $"≤ {f(DreamBench.Goal, "0.0")}x its FLOP bound", f(d.Ratio, "0.00") + "x", d.Ratio <= DreamBench.Goal));
        }
        if (r.PeakRssMb4000x3000 is { } rss) rows.Add(("4000x3000 dream, peak RSS", "≤ 1.5 GB", f(rss, "0") + " MB", rss <= 1536));
        rows.Add(("first iteration after start", "≤ 1.5 s", f(r.FirstIterationMs, "0") + " ms", r.FirstIterationMs <= 1500));
        var frameTarget = $"≤ {f(FrameBound.Goal, "0.0")}x its FLOP bound";
        if (r.Zoom is { } zoom) rows.Add(("512x512 zoom frame", frameTarget, f(zoom.Frame.Ratio, "0.00") + "x", zoom.Frame.GoalMet));
        if (r.Clip is { } clip) rows.Add(($"{clip.Width}x{clip.Height} clip frame", frameTarget, f(clip.Frame.Ratio, "0.00") + "x", clip.Frame.GoalMet));
        foreach (var m in r.Peer?.Models.Where(m => m.Dreams is not null) ?? [])
        {
            var d = m.Dreams!;
            var peerDream = $"{r.Peer!.Dream!.Width}x{r.Peer.Dream.Height} dream, {m.Model}";
            rows.Add(($"{peerDream}, against the fastest PyTorch fp32 ({d.FastestFp32.Configuration.Name})", $"≤ {f(PeerDreams.Fp32Goal, "0.0")}x its time", f(d.OursOverFp32, "0.00") + "x", d.Fp32GoalMet));
            if (d.FastestBf16 is { } bf16)
                rows.Add(($"same, against the fastest PyTorch bf16 ({bf16.Configuration.Name})", d.CpuHasBf16 ? $"≤ {f(PeerDreams.Bf16Goal, "0.0")}x its time" : "none: this CPU has no bf16 instructions",
                    f(d.OursOverBf16!.Value, "0.00") + "x", d.Bf16GoalMet));
            rows.Add(($"same, peak resident memory", "≤ PyTorch's (fastest fp32)", $"{f(d.Ours.PeakRssMb, "0")} vs {f(d.FastestFp32.Process.PeakRssMb, "0")} MB", d.MemoryGoalMet));
        }
        text.AppendLine().AppendLine("| goal | target | measured | |").AppendLine("| --- | --- | ---: | --- |");
        foreach (var (goal, target, measured, met) in rows) text.AppendLine($"| {goal} | {target} | {measured} | {met switch { true => "met", false => "not met", null => "" }} |");
    }
}
