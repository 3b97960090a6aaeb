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

/// <summary>The same dream by our CLI and by the peer in fp32 and under bf16 autocast, with the goals set against the peer.</summary>
public sealed record PeerDreams(DreamProcess Ours, DreamProcess Fp32, DreamProcess Bf16)
{
    public const double Fp32Goal = 0.6;

    public double OursOverFp32 => Ours.Seconds / Fp32.Seconds;
    public double OursOverBf16 => Ours.Seconds / Bf16.Seconds;
    public bool Fp32GoalMet => OursOverFp32 <= Fp32Goal;
    public bool Bf16GoalMet => OursOverBf16 < 1;

    /// <summary>Peak resident memory no more than the peer's for the same (fp32) dream.</summary>
    public bool MemoryGoalMet => Ours.PeakRssMb <= Fp32.PeakRssMb;
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
/// Our engine beside PyTorch eager (Debian's python3-torch, oneDNN, every core) on the same dreams: the
/// objective and gradient of one fixed image checked against ours, then one dream of a photo (the bench's:
/// <see cref="PeerDream.Default"/>) as whole processes, ours by the CLI, best of <see cref="Runs"/>: time
/// from process start to exit, peak RSS.
/// The peer draws the same random rolls (.NET's generator, the same seed), so both take the same steps, up to rounding.
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
            if (dream is not null)
            {
                log($"PyTorch peer: a {dream.Width}x{dream.Height} dream on {model.Name}, ours and PyTorch's (fp32, bf16), best of {RunCount}...");
                dreams = Dreams(peer, network, layer, cliModel(model), cli, dream, photo.Png, photo.Raw, folder);
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

    /// <summary>The runs alternate (ours, fp32, bf16, ours, …) so that each sees the same machine.</summary>
    static PeerDreams Dreams(TorchPeer peer, PeerNetwork network, string layer, string cliModel, string cli, PeerDream dream, string png, string raw, string folder)
    {
        var runs = Enumerable.Range(0, RunCount).Select(_ => (
            Ours: ChildRun.Of("dotnet", [cli, "dream", png, "-o", Path.Combine(folder, "dream.png"), "--model", cliModel, "--layer", layer, .. dream.Arguments(), "--json"]),
            Fp32: peer.Dream(network, raw, dream, bf16: false, folder),
            Bf16: peer.Dream(network, raw, dream, bf16: true, folder))).ToList();
        return new PeerDreams(
            Process(ChildRun.Best(runs.Select(r => r.Ours)), json => json.GetProperty("objective").GetProperty("input"), json => json.GetProperty("objective").GetProperty("output")),
            Process(ChildRun.Best(runs.Select(r => r.Fp32)), json => json.GetProperty("objectiveInput"), json => json.GetProperty("objectiveOutput")),
            Process(ChildRun.Best(runs.Select(r => r.Bf16)), json => json.GetProperty("objectiveInput"), json => json.GetProperty("objectiveOutput")));

        static DreamProcess Process(ChildRun run, Func<JsonElement, JsonElement> input, Func<JsonElement, JsonElement> output)
        {
            using var json = JsonDocument.Parse(run.Output);
            return new DreamProcess(run.Seconds, run.PeakRssMb, input(json.RootElement).GetDouble(), output(json.RootElement).GetDouble());
        }
    }
}
