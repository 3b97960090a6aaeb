using System.Globalization;
using DeepDream.Dreaming;
using DeepDream.Web.Api;
using DeepDream.Models;
using DeepDream.Video;

namespace DeepDream.Web.Jobs;

/// <summary>What a job was asked to do, as stored with it; read from form fields named like the CLI options.</summary>
public sealed record JobOptions(DreamOptions Dream, ZoomOptions? Zoom, string? Format)
{
    static readonly string[] VideoFormats = ["mp4", "webm", "gif"];

    /// <summary>Parses and validates; a problem becomes a DeepDreamException whose message the API returns as a 400.</summary>
    public static JobOptions Parse(JobKind kind, Func<string, string?> field)
    {
        var defaults = new DreamOptions();
        var dream = new DreamOptions
        {
            Model = field("model") is { Length: > 0 } m ? m : defaults.Model,
            Layer = field("layer") is { Length: > 0 } l ? l : null,
            Channel = Int(field, "channel"),
            Iterations = Int(field, "iterations", 0, 100) ?? defaults.Iterations,
            Octaves = Int(field, "octaves", 1, 8) ?? defaults.Octaves,
            OctaveScale = Double(field, "octaveScale") ?? defaults.OctaveScale,
            Step = Double(field, "step") ?? defaults.Step,
            Seed = Int(field, "seed"),
        };
        dream.Validate();
        // Only catalog models: a request never names a file on this machine.
        if (!ModelCatalog.Names.Contains(dream.Model))
            throw new DeepDreamException($"model must be one of {string.Join(", ", ModelCatalog.Names)}, not '{dream.Model}'");
        // The layer and channel must exist: a typo is the user's to fix now, not a failed job later.
        var model = ModelCatalog.Load(dream.Model);
        var layer = model.Layer(dream.Layer ?? model.DefaultLayer);
        if (dream.Channel is { } channel && ModelLayers.Of(model).TryGetValue(layer.Name, out var channels) && channel >= channels)
            throw new DeepDreamException($"channel {channel} is out of range: layer {layer.Name} has channels 0 to {channels - 1}");
        if (kind == JobKind.Dream) return new JobOptions(dream, null, null);

        var zoomDefaults = new ZoomOptions();
        var zoom = new ZoomOptions
        {
            Dream = dream,
            DreamSteps = Int(field, "dreamSteps", 0, 200) ?? zoomDefaults.DreamSteps,
            ZoomSteps = Int(field, "zoomSteps", 0, 300) ?? zoomDefaults.ZoomSteps,
            Zoom = Double(field, "zoom") ?? zoomDefaults.Zoom,
            Rotate = Double(field, "rotate") ?? 0,
            Fps = Int(field, "fps", 1, 60) ?? zoomDefaults.Fps,
            Blend = Int(field, "blend", 0, 10) ?? 0,
        };
        zoom.Validate();
        var format = field("format") is { Length: > 0 } f ? f.ToLowerInvariant() : "mp4";
        if (!VideoFormats.Contains(format)) throw new DeepDreamException($"format must be one of {string.Join(", ", VideoFormats)}, not '{format}'");
        return new JobOptions(dream, zoom, format);
    }

    static int? Int(Func<string, string?> field, string name, int min = int.MinValue, int max = int.MaxValue)
    {
        if (field(name) is not { Length: > 0 } text) return null;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            throw new DeepDreamException($"{name} must be a whole number, not '{text}'");
        if (value < min || value > max) throw new DeepDreamException($"{name} must be between {min} and {max}, not {value}");
        return value;
    }

    static double? Double(Func<string, string?> field, string name)
    {
        if (field(name) is not { Length: > 0 } text) return null;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value : throw new DeepDreamException($"{name} must be a number, not '{text}'");
    }
}
