using System.CommandLine;
using DeepDream.Dreaming;

namespace DeepDream.Cli.Commands;

/// <summary>The dream options every dreaming command shares (dream, zoom, video); their rules are the options record's.</summary>
/// <param name="Defaults">The command's defaults (a clip's later frames dream fewer iterations, for one).</param>
sealed class DreamOptionSet(DreamOptions Defaults)
{
    readonly Option<string> model = CommonOptions.Model();
    readonly Option<string?> layer = new(OptionName.Cli(nameof(DreamOptions.Layer)), "-l") { Description = "a layer name or a preset: edges, textures, patterns, parts, objects (default: the model's)" };
    readonly Option<int?> channel = CommonOptions.Ranged(DreamOptions.Ranges.Channel, "dream one feature channel of the layer");
    readonly Option<int> iterations = CommonOptions.Ranged(DreamOptions.Ranges.Iterations, "gradient steps per octave", Defaults.Iterations);
    readonly Option<int> octaves = CommonOptions.Ranged(DreamOptions.Ranges.Octaves, "number of scales the dream runs over", Defaults.Octaves);
    readonly Option<double> octaveScale = CommonOptions.Ranged(DreamOptions.Ranges.OctaveScale, "size ratio between octaves", Defaults.OctaveScale);
    readonly Option<double> step = CommonOptions.Ranged(DreamOptions.Ranges.Step, "strength of each step", Defaults.Step);
    readonly Option<int> jitter = CommonOptions.Ranged(DreamOptions.Ranges.Jitter, "largest random shift before each step", Defaults.Jitter);
    readonly Option<int> tileSize = CommonOptions.Ranged(DreamOptions.Ranges.TileSize, "largest square the network sees at once", Defaults.TileSize);
    readonly Option<string?> objective = new(OptionName.Cli(nameof(DreamOptions.Objective))) { Description = "dream an objective over layers instead, e.g. \"layer3 + 0.5*layer4.0[12] - layer2[7]\" (layers: mean of squares; [c]: a channel's mean)" };
    readonly Option<string?> guide = new(OptionName.Cli(nameof(DreamOptions.Guide))) { Description = "dream the layer toward this image's features (Caffe's guided dream)" };
    readonly Option<int?> strongest = CommonOptions.Ranged(DreamOptions.Ranges.Strongest, "dream the layer's N channels most active on the photo");
    readonly Option<int?> seed = new(OptionName.Cli(nameof(DreamOptions.Seed))) { Description = "same seed, options and input give the same output bytes" };

    public DreamOptionSet() : this(new DreamOptions()) { }

    public void AddTo(Command command)
    {
        channel.Aliases.Add("-c");
        foreach (var option in new Option[] { model, layer, channel, objective, guide, strongest, iterations, octaves, octaveScale, step, jitter, tileSize, seed })
            command.Options.Add(option);
    }

    public DreamOptions Read(ParseResult parsed) => new()
    {
        Model = parsed.GetValue(model)!,
        Layer = parsed.GetValue(layer),
        Channel = parsed.GetValue(channel),
        Objective = parsed.GetValue(objective),
        Guide = parsed.GetValue(guide),
        Strongest = parsed.GetValue(strongest),
        Iterations = parsed.GetValue(iterations),
        Octaves = parsed.GetValue(octaves),
        OctaveScale = parsed.GetValue(octaveScale),
        Step = parsed.GetValue(step),
        Jitter = parsed.GetValue(jitter),
        TileSize = parsed.GetValue(tileSize),
        Seed = parsed.GetValue(seed),
    };
}
