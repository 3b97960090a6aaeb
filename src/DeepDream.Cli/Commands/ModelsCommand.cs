using System.CommandLine;
using DeepDream.Dreaming;
using DeepDream.Models;

namespace DeepDream.Cli.Commands;

/// <summary>`deepdream models check`: can this model dream, and are its gradients right?</summary>
static class ModelsCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("model") { Description = "a catalog model (resnet18) or a path to an .onnx file" };
        var json = CommonOptions.Json();
        var layers = new Option<string[]>("--layer", "-l") { Description = "check these layers instead of the model's main layers", AllowMultipleArgumentsPerToken = true };
        var check = new Command("check", "list unsupported ops and check each main layer's gradient against finite differences") { name, layers, json };
        check.SetAction(parsed => Check(parsed.GetValue(name)!, parsed.GetValue(layers) ?? [], parsed.GetValue(json)));
        var pullName = new Argument<string>("model") { Description = $"the model to install ({Inception5h.Name}, {string.Join(", ", CaffeNetworks.All.Select(n => n.Name))})" };
        var from = new Option<string?>("--from") { Description = "install from a copy downloaded elsewhere (a path or URL) instead of the official address; it is checked the same way" };
        var pull = new Command("pull", "download a model, verify it, and install it in the model folder") { pullName, from };
        pull.SetAction((parsed, cancel) => Pull(parsed.GetValue(pullName)!, parsed.GetValue(from), cancel));

        var models = new Command("models", "list installed and available models; check or pull one") { check, pull };
        models.SetAction(_ => List());
        return models;
    }

    static int List()
    {
        Console.Out.WriteLine($"model folder: {ModelStore.Folder}");
        Console.Out.WriteLine($"  {ModelCatalog.DefaultModel,-20} installed (embedded, the default)");
        Console.Out.WriteLine(File.Exists(Inception5h.InstalledPath)
            ? $"  {Inception5h.Name,-20} installed ({Inception5h.InstalledPath})"
            : $"  {Inception5h.Name,-20} not installed: 'deepdream models pull {Inception5h.Name}' fetches Google's DeepDream graph (53 MB)");
        foreach (var network in CaffeNetworks.All)
            Console.Out.WriteLine(File.Exists(network.InstalledPath)
                ? $"  {network.Name,-20} installed ({network.InstalledPath})"
                : $"  {network.Name,-20} not installed: 'deepdream models pull {network.Name}' fetches it from {network.Source}");
        Console.Out.WriteLine("  any .onnx, TensorFlow .pb or Caffe .caffemodel file: pass its path to --model");
        return 0;
    }

    static async Task<int> Pull(string name, string? from, CancellationToken cancel)
    {
        if (CaffeNetworks.Named(name) is { } network)
        {
            Console.Error.WriteLine($"fetching {from ?? network.Url} ...");
            var (installed, sha256) = await CaffePull.PullAsync(network, from, cancel);
            Console.Error.WriteLine($"installed {installed} (SHA-256 {sha256}); use it with --model {network.Name}");
            return 0;
        }
        if (name != Inception5h.Name)
            throw new UsageException($"'{name}' cannot be pulled; pull {Inception5h.Name} or {string.Join(", ", CaffeNetworks.All.Select(n => n.Name))}; ResNet18 is built in, and other models are used by path");
        Console.Error.WriteLine($"fetching {from ?? Inception5h.Url} ...");
        var path = await Inception5h.PullAsync(from, cancel);
        Console.Error.WriteLine($"installed {path}; use it with --model {Inception5h.Name}");
        return 0;
    }

    /// <summary>How oneDNN compared with ONNX Runtime on the layer, for the layer's line.</summary>
    static string Engines(EngineComparison? oneDnn) => oneDnn switch
    {
        null => "",
        { Error: { } error } => $"; {oneDnn.Engine}: not used ({error}), ORT dreams this layer",
        _ => $"; {oneDnn.Engine} vs ORT: objective {oneDnn.ObjectiveError:0.0e+0}, gradient cosine {oneDnn.GradientCosine:0.0000} {(oneDnn.Agrees ? "ok" : "DISAGREES")}",
    };

    static int Check(string modelName, string[] layers, bool json)
    {
        var model = ModelCatalog.Load(modelName);
        foreach (var layer in layers) model.Layer(layer);
        var report = GradientCheck.Run(model, layers.Length > 0 ? layers : model.MainLayers);
        if (json)
        {
            Json.Print(new
            {
                model = report.Model,
                unsupportedOps = report.UnsupportedOps,
                size = report.Size,
                checks = report.Checks.Select(c => new
                {
                    layer = c.Layer, relativeError = c.RelativeError, passed = c.Passed, flat = c.Flat, size = c.Size, error = c.Error,
                    oneDnn = c.OneDnn is { } o ? new { engine = o.Engine, objectiveError = o.ObjectiveError, gradientCosine = o.GradientCosine, agrees = o.Agrees, error = o.Error } : null,
                }),
                passed = report.Passed,
            });
        }
        else
        {
            Console.Out.WriteLine($"model {report.Model}: unsupported ops: {(report.UnsupportedOps.Count == 0 ? "none" : string.Join(", ", report.UnsupportedOps))}");
            foreach (var c in report.Checks)
                Console.Out.WriteLine(c switch
                {
                    { Error: { } error } => $"  {c.Layer,-12} FAILED: {error}",
                    { Flat: true } => $"  {c.Layer,-12} flat: the objective does not move at float32 precision (weights near zero?); nothing to compare",
                    _ => $"  {c.Layer,-12} relative error {c.RelativeError:0.0e+0}  {(c.Passed ? "ok" : $"FAILED (tolerance {GradientCheck.Tolerance})")}"
                        + (c.Size is { } size && size != report.Size ? $" (at {size}x{size}: this layer takes no other size)" : "")
                        + Engines(c.OneDnn),
                });
            Console.Out.WriteLine(report.Passed ? "gradient check passed" : "gradient check FAILED");
        }
        return report.Passed ? 0 : Cli.Failure;
    }
}
