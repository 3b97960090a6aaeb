using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using DeepDream.Dreaming.Objectives;
using DeepDream.Dreaming;
using DeepDream.Requests;
using DeepDream.Imaging;
using DeepDream.Models;
using DeepDream.Runtime;

namespace DeepDream.Benchmarks.Peer;

/// <summary>How closely one computation of an image's objective and gradient matches a reference.</summary>
/// <param name="ObjectiveError">|value − reference| / |reference|.</param>
/// <param name="GradientError">‖gradient − reference‖ / ‖reference‖ (Euclidean, over every pixel and channel).</param>
public sealed record Agreement(double ObjectiveError, double GradientError)
{
    public static Agreement Of((double Objective, float[] Gradient) reference, (double Objective, float[] Gradient) value)
    {
        double difference = 0, norm = 0;
        for (var i = 0; i < reference.Gradient.Length; i++)
        {
            difference += Math.Pow(value.Gradient[i] - reference.Gradient[i], 2);
            norm += Math.Pow(reference.Gradient[i], 2);
        }
        return new(Math.Abs(value.Objective - reference.Objective) / Math.Abs(reference.Objective), Math.Sqrt(difference / norm));
    }
}

/// <summary>
/// One fixed image's objective and gradient, by ours and by the peer in each precision. Rounding can flip a max
/// pool's choice between two nearly equal values, which sends a little of the gradient to another pixel: one such
/// flip can make a percent of its norm. The float64 reference shows on which side rounding flipped one.
/// </summary>
/// <param name="Fp32">PyTorch fp32 against ours.</param>
/// <param name="Bf16">PyTorch under bf16 autocast against ours.</param>
/// <param name="OursExact">Ours against PyTorch in float64.</param>
/// <param name="Fp32Exact">PyTorch fp32 against PyTorch in float64.</param>
public sealed record PeerCheck(Agreement Fp32, Agreement Bf16, Agreement OursExact, Agreement Fp32Exact);

/// <summary>One whole dream process (the best of its runs) and the objective it reports before and after.</summary>
public sealed record DreamProcess(double Seconds, double PeakRssMb, double ObjectiveInput, double ObjectiveOutput);

/// <summary>One way a user may run torchvision's module (<see cref="TorchConfiguration"/>), and its dream.</summary>
public sealed record PeerRun(TorchConfiguration Configuration, DreamProcess Process);

/// <summary>
/// The same dream by our CLI and by torchvision's counterpart of the network in each configuration a user could pick,
/// with the goals set against the fastest of them: in fp32, and in bf16 where the CPU computes it (AVX512-BF16 or AMX).
/// </summary>
/// <param name="Counterpart">torchvision's network and layer: what a user dreams on in PyTorch.</param>
/// <param name="Ours">Our CLI as a user runs it: --engine auto.</param>
/// <param name="OursOrtOnly">Our CLI with --engine ort, as on a machine without oneDNN; null where that is what auto ran.</param>
/// <param name="CpuHasBf16">Without bf16 instructions autocast only emulates it, and no goal is set against it.</param>
public sealed record PeerDreams(string Counterpart, DreamProcess Ours, DreamProcess? OursOrtOnly, IReadOnlyList<PeerRun> Peers, bool CpuHasBf16)
{
    public const double Fp32Goal = 0.6;
    public const double Bf16Goal = 0.9;

    public PeerRun FastestFp32 => Peers.Where(p => !p.Configuration.Bf16).MinBy(p => p.Process.Seconds)!;
    public PeerRun? FastestBf16 => Peers.Where(p => p.Configuration.Bf16).MinBy(p => p.Process.Seconds);
    public double OursOverFp32 => Ours.Seconds / FastestFp32.Process.Seconds;
    public double? OursOverBf16 => FastestBf16 is { } bf16 ? Ours.Seconds / bf16.Process.Seconds : null;
    public bool Fp32GoalMet => OursOverFp32 <= Fp32Goal;

    /// <summary>Null where no goal applies: a CPU without bf16 instructions.</summary>
    public bool? Bf16GoalMet => CpuHasBf16 && OursOverBf16 is { } ratio ? ratio <= Bf16Goal : null;

    /// <summary>Peak resident memory no more than the fastest fp32 configuration's for the same dream.</summary>
    public bool MemoryGoalMet => Ours.PeakRssMb <= FastestFp32.Process.PeakRssMb;
}

/// <param name="Dreams">Null in a quick run: the agreement check only.</param>
public sealed record PeerModel(string Model, string Layer, PeerCheck Check, PeerDreams? Dreams);

/// <summary>What both dream: a photo of this size, with these options.</summary>
public sealed record PeerDream(int Width, int Height, [property: JsonIgnore] DreamOptions Options)
{
    /// <summary>The options as both are given them, for the report.</summary>
    public string Settings => string.Join(' ', Arguments());

    /// <summary>The bench's: the default dream of a 1024x768 photo, seeded.</summary>
    public static PeerDream Default { get; } = new(1024, 768, new DreamOptions { Seed = 1 });

    /// <summary>The options as command-line arguments, spelled alike by our CLI and the peer script.</summary>
    public IEnumerable<string> Arguments()
    {
        var o = Options;
        (string Property, object Value)[] values =
        [
            (nameof(o.Octaves), o.Octaves), (nameof(o.OctaveScale), o.OctaveScale), (nameof(o.Iterations), o.Iterations), (nameof(o.Step), o.Step),
            (nameof(o.Jitter), o.Jitter), (nameof(o.TileSize), o.TileSize), (nameof(o.Seed), o.Seed ?? 1),
        ];
        return values.SelectMany(v => new[] { OptionName.Cli(v.Property), Convert.ToString(v.Value, CultureInfo.InvariantCulture)! });
    }
}

/// <summary>
/// Our engine beside PyTorch (Debian's python3-torch, oneDNN, every core). First the op-by-op peer, our own network
/// rebuilt in torch.nn.functional, computes the objective and gradient of one fixed image, checked against ours. Then
/// the timing: one dream of a photo (the bench's: <see cref="PeerDream.Default"/>) by our CLI and by torchvision's
/// own counterpart of the network in each <see cref="TorchConfiguration"/>, whole processes, runs alternating, best
/// of <see cref="Runs"/>: time from process start to exit, peak RSS. Both loops draw the same random rolls (.NET's
/// generator, the same seed), so they take the same steps.
/// </summary>
/// <param name="Dream">Null in a quick run.</param>
public sealed record PeerBench(string Peer, string Python, string Version, int CheckSize, PeerDream? Dream, int Runs, IReadOnlyList<PeerModel> Models)
{
    const int CheckSide = 224;
    const int RunCount = 2;

    /// <param name="subjects">Each model with its dream layer.</param>
    /// <param name="cliModel">How the CLI's --model names a model (a catalog name, or a model file it writes).</param>
    /// <param name="cli">The deepdream CLI assembly.</param>
    /// <param name="dream">What to dream; null: the agreement check only (a quick run).</param>
    public static PeerBench Measure(TorchPeer peer, IReadOnlyList<(DreamModel Model, string Layer)> subjects, Func<DreamModel, string> cliModel,
        string cli, PeerDream? dream, string folder, Action<string> log)
    {
        var photo = dream is null ? default : PhotoFiles(dream, folder);
        var models = new List<PeerModel>();
        foreach (var (model, layer) in subjects)
        {
            log($"PyTorch peer: {model.Name} {layer}, objective and gradient of a {CheckSide}x{CheckSide} image against ours...");
            var network = TorchPeer.Export(model, layer, folder);
            var image = Benchmark.Photo(CheckSide, CheckSide);
            var ours = Ours(model, layer, image);
            var peers = peer.Check(network, image, folder);
            var check = new PeerCheck(Agreement.Of(ours, peers[PeerPrecision.Fp32]), Agreement.Of(ours, peers[PeerPrecision.Bf16]),
                Agreement.Of(peers[PeerPrecision.Fp64], ours), Agreement.Of(peers[PeerPrecision.Fp64], peers[PeerPrecision.Fp32]));
            PeerDreams? dreams = null;
            if (dream is not null && TorchPeer.Counterpart(model.Name, layer) is { } counterpart)
            {
                log($"PyTorch peer: a {dream.Width}x{dream.Height} dream on {model.Name}, ours and torchvision's {counterpart} in {TorchConfiguration.All.Count} configurations, best of {RunCount}...");
                dreams = Dreams(peer, counterpart, layer, cliModel(model), cli, dream, photo.Png, photo.Raw, folder);
            }
            models.Add(new PeerModel(model.Name, layer, check, dreams));
        }
        return new PeerBench(TorchPeer.Name, peer.Python, peer.Version, CheckSide, dream, RunCount, models);
    }

    static (double Objective, float[] Gradient) Ours(DreamModel model, string layer, RgbImage image)
    {
        using var session = GradientSession.Create(model.ForImage(image.Height, image.Width), DreamModel.ImageInput, ObjectiveChoice.Layer(model, layer, null));
        var gradient = new float[image.Pixels.Length];
        return (session.Run(image.Pixels, gradient), gradient);
    }

    /// <summary>The photo as a PNG for our CLI, and its decoded pixels, raw, for the peer: both dream on the same pixels.</summary>
    static (string Png, string Raw) PhotoFiles(PeerDream dream, string folder)
    {
        var png = Path.Combine(folder, "photo.png");
        ImageFile.Write(Benchmark.Photo(dream.Width, dream.Height), png);
        return (png, TorchPeer.WriteRaw(ImageFile.Read(png), Path.Combine(folder, "photo.f32")));
    }

    /// <summary>The runs alternate (ours, then each configuration, then ours again, …) so that each sees the same machine.</summary>
    static PeerDreams Dreams(TorchPeer peer, string counterpart, string layer, string cliModel, string cli, PeerDream dream, string png, string raw, string folder)
    {
        var ortToo = BenchEngine.Auto != BenchEngine.OrtOnly;
        ChildRun OursRun(string engine) =>
            ChildRun.Of("dotnet", [cli, "dream", png, "-o", Path.Combine(folder, "dream.png"), "--model", cliModel, "--layer", layer, .. dream.Arguments(), "--engine", engine, "--json"]);
        var runs = Enumerable.Range(0, RunCount).Select(_ => (
            Ours: OursRun("auto"),
            OursOrtOnly: ortToo ? OursRun("ort") : null,
            Peers: TorchConfiguration.All.Select(c => peer.Torchvision(counterpart, raw, dream, c, folder)).ToList())).ToList();
        var peers = TorchConfiguration.All.Select((c, i) => new PeerRun(c, Process(ChildRun.Best(runs.Select(r => r.Peers[i])), json => json, "objectiveInput", "objectiveOutput"))).ToList();
        var ours = Ours(ChildRun.Best(runs.Select(r => r.Ours)));
        var ortOnly = ortToo ? Ours(ChildRun.Best(runs.Select(r => r.OursOrtOnly!))) : null;
        return new PeerDreams(counterpart, ours, ortOnly, peers, TorchConfiguration.CpuHasBf16());

        static DreamProcess Ours(ChildRun run) => Process(run, json => json.GetProperty("objective"), "input", "output");

        // Each reports its objective before and after in its own JSON: ours under "objective", the peer's at the top.
        static DreamProcess Process(ChildRun run, Func<JsonElement, JsonElement> objective, string input, string output)
        {
            using var json = JsonDocument.Parse(run.Output);
            var o = objective(json.RootElement);
            return new DreamProcess(run.Seconds, run.PeakRssMb, o.GetProperty(input).GetDouble(), o.GetProperty(output).GetDouble());
        }
    }
}
