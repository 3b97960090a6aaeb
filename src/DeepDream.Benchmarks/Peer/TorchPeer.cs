using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using DeepDream.Imaging;
using DeepDream.Models;

namespace DeepDream.Benchmarks.Peer;

/// <summary>A network exported for the peer (see <see cref="PeerGraph"/>).</summary>
public sealed record PeerNetwork(string Graph, string Weights);

/// <summary>How the peer runs the network: float32; its forward under bf16 autocast; or float64, the gradient check's reference.</summary>
public enum PeerPrecision { Fp32, Bf16, Fp64 }

/// <summary>
/// PyTorch as a peer, each call a whole process of a Python that can import torch and torchvision, with the scripts next
/// to the benchmark assembly: Peer/pytorch_dream.py, our network rebuilt op by op (the correctness cross-check), and
/// Peer/torchvision_dream.py, torchvision's own modules in the same loop (the timing: what a user runs). Images travel
/// as raw planar float32 RGB 0..255, exactly the pixels our dream sees.
/// </summary>
public sealed class TorchPeer
{
    public const string Name = "pytorch";
    public const string Missing = "no python3 here can import torch and torchvision; install Debian's PyTorch with: apt-get install python3-torch python3-torchvision";

    /// <summary>torchvision's network and layer that a user dreams on for ours, by our model and layer: its ResNet18 and its GoogLeNet (with BatchNorm) for Google's inception5h.</summary>
    static readonly Dictionary<(string Model, string Layer), string> Counterparts = new()
    {
        [(ModelCatalog.DefaultModel, "layer3")] = "resnet18",
        [(Benchmark.ReplicaName, "mixed4c")] = "googlenet",
        [(Inception5h.Name, "mixed4c")] = "googlenet",
    };

    // Debian's python3-torch is importable by Debian's own interpreter only: a pyenv or venv python3 earlier on PATH lacks it.
    static readonly string[] Interpreters = ["/usr/bin/python3", "python3"];

    TorchPeer(string python, string version, string script) => (Python, Version, Script) = (python, version, script);

    public string Python { get; }

    /// <summary>torch.__version__.</summary>
    public string Version { get; }

    public string Script { get; }

    /// <summary>The first interpreter that imports torch (and numpy), with the peer script; null where none does.</summary>
    public static TorchPeer? Find()
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Peer", "pytorch_dream.py");
        if (!File.Exists(script)) throw new DeepDreamException($"the PyTorch peer script is missing: {script}; rebuild the CLI");
        return Interpreters.Select(p => TorchVersion(p) is { } version ? new TorchPeer(p, version, script) : null).FirstOrDefault(p => p is not null);
    }

    static string? TorchVersion(string python)
    {
        try
        {
            var start = new ProcessStartInfo(python, ["-c", "import numpy, torch, torchvision; print(torch.__version__)"]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            _ = process.StandardError.ReadToEndAsync(); // drained, so that a long import warning cannot block it
            var version = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 ? version : null;
        }
        catch (Win32Exception) { return null; } // no such interpreter
    }

    public static PeerNetwork Export(DreamModel model, string layer, string folder)
    {
        var stem = Path.Combine(folder, $"{model.Name}-{layer}".Replace(' ', '-'));
        var network = new PeerNetwork(stem + ".json", stem + ".f32");
        PeerGraph.Write(model, layer, network.Graph, network.Weights);
        return network;
    }

    /// <summary>The objective of one image (one crop) and its gradient, by the peer in each precision (one process).</summary>
    public IReadOnlyDictionary<PeerPrecision, (double Objective, float[] Gradient)> Check(PeerNetwork network, RgbImage image, string folder)
    {
        var (input, output) = (WriteRaw(image, Path.Combine(folder, "check-in.f32")), Path.Combine(folder, "check-gradient"));
        var run = Run("check", network, input, image.Width, image.Height, output, []);
        using var json = JsonDocument.Parse(run.Output);
        return Enum.GetValues<PeerPrecision>().ToDictionary(p => p, p =>
        {
            var name = p.ToString().ToLowerInvariant();
            return (json.RootElement.GetProperty("objectives").GetProperty(name).GetDouble(), MemoryMarshal.Cast<byte, float>(File.ReadAllBytes($"{output}.{name}.f32")).ToArray());
        });
    }

    /// <summary>The torchvision network a dream on this model and layer is compared with (resnet18: layer3, googlenet: inception4c); null: none.</summary>
    public static string? Counterpart(string model, string layer) => Counterparts.GetValueOrDefault((model, layer));

    /// <summary>The same dream by torchvision's <paramref name="network"/> in one configuration, a whole process.</summary>
    public ChildRun Torchvision(string network, string raw, PeerDream dream, TorchConfiguration configuration, string folder) =>
        ChildRun.Of(Python, [Path.Combine(Path.GetDirectoryName(Script)!, "torchvision_dream.py"), network, raw, I(dream.Width), I(dream.Height),
            Path.Combine(folder, "torchvision-dream.f32"), .. dream.Arguments(), .. configuration.Arguments()]);

    ChildRun Run(string mode, PeerNetwork network, string input, int width, int height, string output, string[] options) =>
        ChildRun.Of(Python, [Script, mode, network.Graph, network.Weights, input, I(width), I(height), output, .. options]);

    public static string WriteRaw(RgbImage image, string path)
    {
        File.WriteAllBytes(path, MemoryMarshal.AsBytes(image.Pixels.AsSpan()).ToArray());
        return path;
    }

    static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
}
