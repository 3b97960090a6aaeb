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
        return new Command("models", "inspect and check models") { check };
    }

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
                checks = report.Checks.Select(c => new { layer = c.Layer, relativeError = c.RelativeError, passed = c.Passed, error = c.Error }),
                passed = report.Passed,
            });
        }
        else
        {
            Console.Out.WriteLine($"model {report.Model}: unsupported ops: {(report.UnsupportedOps.Count == 0 ? "none" : string.Join(", ", report.UnsupportedOps))}");
            foreach (var c in report.Checks)
                Console.Out.WriteLine(c.Error is null
                    ? $"  {c.Layer,-12} relative error {c.RelativeError:0.0e+0}  {(c.Passed ? "ok" : $"FAILED (tolerance {GradientCheck.Tolerance})")}"
                    : $"  {c.Layer,-12} FAILED: {c.Error}");
            Console.Out.WriteLine(report.Passed ? "gradient check passed" : "gradient check FAILED");
        }
        return report.Passed ? 0 : Cli.Failure;
    }
}
