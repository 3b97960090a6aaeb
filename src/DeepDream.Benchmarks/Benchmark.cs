using System.Diagnostics;
using DeepDream.Dreaming.Objectives;
using DeepDream.Benchmarks.Peer;
using DeepDream.Dreaming;
using DeepDream.Imaging;
using DeepDream.Models;
using DeepDream.Runtime;

namespace DeepDream.Benchmarks;

/// <param name="Engine">The <see cref="BenchEngine"/> that ran it.</param>
/// <param name="Overhead">Forward+gradient time over forward time; about 2 is ideal.</param>
/// <param name="Efficiency">Achieved FLOP/s of one gradient iteration over the measured peak of the engine's precision.</param>
public sealed record BenchCase(string Model, string Layer, string Engine, int Width, int Height, double ForwardMs, double GradientMs, double Overhead, double GflopPerIteration, double Efficiency);

/// <summary>The default dream of a 1024x768 photo on one engine.</summary>
/// <param name="LowerBoundSeconds">Its counted FLOPs at the peak of the engine's precision: no engine of that precision on this machine dreams faster.</param>
public sealed record DreamBench(string Model, string Engine, double Seconds, double LowerBoundSeconds)
{
    public const double Goal = 1.5;
    public double Ratio => Seconds / LowerBoundSeconds;
}

/// <param name="PeakBf16Gflops">Null where the CPU has no bf16 instructions.</param>
/// <param name="Engine">What dreams run on by default here (<see cref="BenchEngine.Auto"/>): the engine of the frames, the memory and the first-iteration figures.</param>
public sealed record BenchReport(string Machine, DateTimeOffset Date, double PeakGflops, double? PeakBf16Gflops, string Engine, IReadOnlyList<BenchCase> Cases,
    IReadOnlyList<DreamBench> Dreams, ZoomBench? Zoom, ClipBench? Clip, double? PeakRssMb4000x3000, double FirstIterationMs, VisualizationBench Visualization, PeerBench? Peer);

/// <summary>How fast dreams run here, against this machine's own measured peak, all in one run.</summary>
public static class Benchmark
{
    /// <param name="cli">The deepdream CLI assembly, run in child processes for start-up time and peak memory.</param>
    /// <param name="peer">PyTorch to compare with (quick: its agreement check only); null: none.</param>
    public static BenchReport Run(bool quick, string cli, TorchPeer? peer, Action<string> log)
    {
        log("measuring the machine's peak (ONNX Runtime MatMul; oneDNN bf16 1x1 convolution where the CPU has bf16)...");
        var peak = PeakFlops.Measure();
        var peakBf16 = PeakFlops.MeasureBf16();
        var replica = TensorFlowModel.FromGraph(Inception5hReplica.Build(), ReplicaName);
        var resnet = ModelCatalog.Load(ResNet18Name);
        (DreamModel Model, string Layer)[] subjects = [(replica, "mixed4c"), (resnet, resnet.DefaultLayer)];
        (int W, int H)[] sizes = quick ? [(224, 224)] : [(224, 224), (512, 512), (1024, 768)];

        var timed = new List<(BenchCase Case, BenchEngine Engine)>();
        foreach (var (model, layer) in subjects)
            foreach (var (w, h) in sizes)
                foreach (var engine in BenchEngine.All)
                {
                    log($"{model.Name} {layer} {w}x{h}, {engine.Name}...");
                    timed.Add((Case(model, layer, w, h, engine), engine));
                }
        // Measured again: a busy moment of a shared machine only lowers it, and a low peak flatters efficiency.
        peak = Math.Max(peak, PeakFlops.Measure());
        if (peakBf16 is { } before) peakBf16 = Math.Max(before, PeakFlops.MeasureBf16()!.Value);
        double PeakOf(BenchEngine engine) => engine.Bf16 ? peakBf16!.Value : peak;
        var cases = timed.Select(t => t.Case with { Efficiency = t.Case.GflopPerIteration * 1e9 / (t.Case.GradientMs / 1000) / PeakOf(t.Engine) }).ToList();

        var dreams = new List<DreamBench>();
        ZoomBench? zoom = null;
        double? rss = null;
        ClipBench? clip = null;
        using var work = new TemporaryFolder();
        if (!quick)
        {
            var photo = Photo(1024, 768);
            foreach (var (model, layer) in subjects)
                foreach (var engine in BenchEngine.All)
                {
                    log($"default dream of a 1024x768 photo on {model.Name}, {engine.Name}...");
                    var options = new DreamOptions { Layer = layer, Seed = 1 };
                    using var sessions = new SessionCache(capacity: 1) { Engine = engine.Engine };
                    using var dreamer = new Dreamer(DreamPlan.Resolve(model, options), sessions);
                    dreams.Add(new DreamBench(model.Name, engine.Name, dreamer.Dream(photo).Seconds, DreamFlops.Dream(model, layer, options, photo.Width, photo.Height) / PeakOf(engine)));
                }
            log("512x512 zoom video frames...");
            zoom = ZoomBench.Measure(work.Path, PeakOf(BenchEngine.Auto));
            log("a 512x384 clip, with and without optical flow...");
            clip = ClipBench.Measure(work.Path, PeakOf(BenchEngine.Auto));
            log("peak memory of a 4000x3000 dream...");
            var big = Path.Combine(work.Path, "big.jpg");
            ImageFile.Write(Photo(4000, 3000), big);
            rss = ChildRun.Of("dotnet", [cli, "dream", big, "-o", Path.Combine(work.Path, "big-dream.jpg"), "--octaves", "1", "--iterations", "1", "--quiet"]).PeakRssMb;
        }
        log("time to the first iteration...");
        var small = Path.Combine(work.Path, "small.png");
        ImageFile.Write(Photo(224, 224), small);
        var first = ChildRun.Of("dotnet", [cli, "dream", small, "-o", Path.Combine(work.Path, "small-dream.png"), "--octaves", "1", "--iterations", "1", "--quiet"]).Seconds * 1000;
        var visualization = VisualizationBench.Measure(quick, log);
        // The CLI reads the replica from a file, built from the same seed: the same weights as the in-process one.
        string CliModel(DreamModel model) => model == replica ? Inception5hReplica.Write(Path.Combine(work.Path, "inception5h-replica.pb")) : model.Name;
        var peerBench = peer is null ? null : PeerBench.Measure(peer, subjects, CliModel, cli, quick ? null : PeerDream.Default, work.Path, log);

        return new BenchReport(MachineDescription(), DateTimeOffset.Now, peak / 1e9, peakBf16 / 1e9, BenchEngine.Auto.Name, cases, dreams, zoom, clip, rss, first, visualization, peerBench);
    }

    public const string ReplicaName = "inception5h replica";
    const string ResNet18Name = "resnet18";

    /// <summary>One case's timings and FLOPs; its efficiency is filled in once the peak is known.</summary>
    static BenchCase Case(DreamModel model, string layer, int width, int height, BenchEngine engine)
    {
        var objective = ObjectiveChoice.Layer(model, layer, null);
        var graph = model.ForImage(height, width);
        using var forward = GradientSessions.Create(engine.Engine, graph, DreamModel.ImageInput, objective, withGradient: false);
        using var gradient = GradientSessions.Create(engine.Engine, graph, DreamModel.ImageInput, objective, withGradient: true);
        var image = Photo(width, height).Pixels;
        var buffer = new float[image.Length];
        var (forwardMs, gradientMs) = BestOfInterleaved(width * height > 300_000 ? 3 : 5, () => forward.Evaluate(image), () => gradient.Run(image, buffer));
        var flops = FlopCounter.GradientIteration(graph, objective);
        return new BenchCase(model.Name, layer, engine.Name, width, height, forwardMs, gradientMs, gradientMs / forwardMs, flops / 1e9, Efficiency: 0);
    }

    /// <summary>
    /// The best of a few runs of each, in milliseconds, after a warm-up; runs alternate so that both
    /// see the same machine (a shared one slows down in bursts).
    /// </summary>
    static (double A, double B) BestOfInterleaved(int runs, Action a, Action b)
    {
        a();
        b();
        var (bestA, bestB) = (double.MaxValue, double.MaxValue);
        for (var i = 0; i < runs; i++)
        {
            bestA = Math.Min(bestA, Time(a));
            bestB = Math.Min(bestB, Time(b));
        }
        return (bestA, bestB);

        static double Time(Action action)
        {
            var clock = Stopwatch.StartNew();
            action();
            return clock.Elapsed.TotalMilliseconds;
        }
    }

    /// <summary>A smooth colourful synthetic photo: the timings do not depend on content.</summary>
    internal static RgbImage Photo(int width, int height)
    {
        var image = new RgbImage(width, height);
        Parallel.For(0, height, y =>
        {
            for (var c = 0; c < 3; c++)
                for (var x = 0; x < width; x++)
                    image.Pixels[(c * height + y) * width + x] = (float)(127 + 60 * Math.Sin(x * 0.02 * (c + 1) + y * 0.013) + 50 * Math.Cos(y * 0.031 - x * 0.011 * c));
        });
        return image;
    }

    static string MachineDescription()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() : null;
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return $"{cpu ?? "unknown CPU"}, {Environment.ProcessorCount} cores, {memory:0} GB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, ONNX Runtime 1.31.1";
    }

    sealed class TemporaryFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("deepdream-bench").FullName;
        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
