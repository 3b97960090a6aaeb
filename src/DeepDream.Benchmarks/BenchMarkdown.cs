using System.Globalization;
using System.Text;

namespace DeepDream.Benchmarks;

/// <summary>The benchmark as the Markdown page docs/benchmarks.md.</summary>
public static class BenchMarkdown
{
    public static string Render(BenchReport r)
    {
        var text = new StringBuilder();
        string F(double v, string format = "0.0") => v.ToString(format, CultureInfo.InvariantCulture);
        text.AppendLine("# Benchmarks").AppendLine();
        text.AppendLine($"Measured by `./deepdream bench` on {r.Date:yyyy-MM-dd}: {r.Machine}.").AppendLine();
        text.AppendLine($"Peak: **{F(r.PeakGflops)} GFLOP/s** fp32 (the best square ONNX Runtime MatMul of 512, 1024 and 2048, same session settings as the dreams).").AppendLine();
        text.AppendLine("| model | layer | size | forward ms | forward+gradient ms | overhead | GFLOP / iteration | efficiency |");
        text.AppendLine("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var c in r.Cases)
            text.AppendLine($"| {c.Model} | {c.Layer} | {c.Width}x{c.Height} | {F(c.ForwardMs)} | {F(c.GradientMs)} | {F(c.Overhead, "0.00")} | {F(c.GflopPerIteration, "0.00")} | {F(c.Efficiency * 100, "0")}% |");
        text.AppendLine();
        text.AppendLine("| end to end | value |").AppendLine("| --- | ---: |");
        foreach (var (model, seconds) in r.Dream1024x768Seconds)
            text.AppendLine($"| default dream (4 octaves x 10 iterations) of a 1024x768 photo, {model} | {F(seconds)} s |");
        if (r.ZoomSecondsPerFrame is { } zoom) text.AppendLine($"| 512x512 zoom video, resnet18 defaults | {F(zoom)} s per frame |");
        if (r.PeakRssMb4000x3000 is { } rss) text.AppendLine($"| peak resident memory of a 4000x3000 dream (512 tiles) | {F(rss, "0")} MB |");
        text.AppendLine($"| time to the first iteration (process start, model load, session build, one step, 224x224) | {F(r.FirstIterationMs, "0")} ms |");
        return text.ToString();
    }
}
