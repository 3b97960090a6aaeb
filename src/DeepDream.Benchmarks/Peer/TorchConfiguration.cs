namespace DeepDream.Benchmarks.Peer;

/// <summary>
/// One way a PyTorch user runs torchvision's module on a CPU: PyTorch's default NCHW tensors, channels-last (the layout
/// oneDNN's convolutions prefer, PyTorch's CPU performance guide), the module traced and frozen by TorchScript, and the
/// forward under bf16 autocast. The bench compares us with the fastest.
/// </summary>
public sealed record TorchConfiguration(bool ChannelsLast, bool Bf16, bool Traced)
{
    public static IReadOnlyList<TorchConfiguration> All { get; } =
        [new(false, false, false), new(true, false, false), new(true, false, true), new(true, true, false)];

    public string Name => $"{(Bf16 ? "bf16 autocast" : "fp32")}, {(ChannelsLast ? "channels-last" : "NCHW")}{(Traced ? ", traced" : "")}";

    /// <summary>The options of Peer/torchvision_dream.py that pick it.</summary>
    public IEnumerable<string> Arguments() =>
        ["--memory-format", ChannelsLast ? "channels-last" : "nchw", .. Bf16 ? new[] { "--bf16" } : [], .. Traced ? new[] { "--jit" } : []];

    /// <summary>Whether this CPU has bf16 instructions (AVX512-BF16, AMX), without which autocast emulates bf16 slowly.</summary>
    public static bool CpuHasBf16() => File.Exists("/proc/cpuinfo")
        && File.ReadLines("/proc/cpuinfo").Any(l => l.StartsWith("flags") && l.Split(' ').Any(f => f is "avx512_bf16" or "amx_bf16"));
}
