using DeepDream.Runtime;
using DeepDream.Runtime.OneDnn;

namespace DeepDream.Benchmarks;

/// <summary>An engine the bench times, and the precision it computes in: the peak its figures are set against.</summary>
public sealed record BenchEngine(string Name, ComputeEngine Engine, bool Bf16)
{
    public static readonly BenchEngine OrtOnly = new("ORT fp32", ComputeEngine.Ort, Bf16: false);

    /// <summary>What <see cref="ComputeEngine.Auto"/> runs here for networks oneDNN can take (both bench models).</summary>
    public static BenchEngine Auto => Dnnl.Available ? new($"oneDNN {(Dnnl.HasBf16 ? "bf16" : "fp32")}", ComputeEngine.OneDnn, Dnnl.HasBf16) : OrtOnly;

    /// <summary>Auto first, then ORT alone where Auto is something else.</summary>
    public static IReadOnlyList<BenchEngine> All => Auto == OrtOnly ? [OrtOnly] : [Auto, OrtOnly];
}
