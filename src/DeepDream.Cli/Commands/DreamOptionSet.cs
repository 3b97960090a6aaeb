using System.CommandLine;
using DeepDream.Dreaming;

namespace DeepDream.Cli.Commands;

/// <summary>The dream options every dreaming command shares (dream now; zoom and serve later).</summary>
sealed class DreamOptionSet
{
    static readonly DreamOptions Defaults = new();

    readonly Option<string> model = CommonOptions.Model();
    readonly Option<string?> layer = new("--layer", "-l") { Description = "a layer name or a preset: edges, textures, patterns, parts, objects (default: the model's)" };
    readonly Option<int?> channel = new("--channel", "-c") { Description = "dream one feature channel of the layer" };
    readonly Option<int> iterations = Ranged("--iterations", "gradient steps per octave", Defaults.Iterations, 0, 1000);
    readonly Option<int> octaves = Ranged("--octaves", "number of scales the dream runs over", Defaults.Octaves, 1, 12);
    readonly Option<double> octaveScale = CommonOptions.WithDefault("--octave-scale", "size ratio between octaves", Defaults.OctaveScale);
    readonly Option<double> step = CommonOptions.WithDefault("--step", "strength of each step", Defaults.Step);
    readonly Option<int> jitter = Ranged("--jitter", "largest random shift in pixels before each step", Defaults.Jitter, 0, 512);
    readonly Option<int> tileSize = Ranged("--tile-size", "largest square the network sees at once", Defaults.TileSize, 64, 4096);
    readonly Option<int?> seed = new("--seed") { Description = "same seed, options and input give the same output bytes" };

    public static DreamOptionSet Create()
    {
        var set = new DreamOptionSet();
        set.octaveScale.Validators.Add(r => { if (r.GetValueOrDefault<double>() is <= 1 or > 4) r.AddError("--octave-scale must be above 1 and at most 4"); });
        set.step.Validators.Add(r => { if (r.GetValueOrDefault<double>() is var s && !(s > 0 && s <= 100)) r.AddError("--step must be above 0 and at most 100"); });
        set.channel.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 0) r.AddError("--channel must be 0 or more"); });
        return set;
    }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { model, layer, channel, iterations, octaves, octaveScale, step, jitter, tileSize, seed })
            command.Options.Add(option);
    }

    public DreamOptions Read(ParseResult parsed) => new()
    {
        Model = parsed.GetValue(model)!,
        Layer = parsed.GetValue(layer),
        Channel = parsed.GetValue(channel),
        Iterations = parsed.GetValue(iterations),
        Octaves = parsed.GetValue(octaves),
        OctaveScale = parsed.GetValue(octaveScale),
        Step = parsed.GetValue(step),
        Jitter = parsed.GetValue(jitter),
        TileSize = parsed.GetValue(tileSize),
        Seed = parsed.GetValue(seed),
    };

    static Option<int> Ranged(string name, string description, int fallback, int min, int max)
    {
        var option = CommonOptions.WithDefault(name, description, fallback);
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is var v && (v < min || v > max)) r.AddError($"{name} must be between {min} and {max}, not {v}");
        });
        return option;
    }
}
