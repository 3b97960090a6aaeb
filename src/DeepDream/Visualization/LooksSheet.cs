using System.Diagnostics;
using DeepDream.Dreaming;
using DeepDream.Imaging;
using DeepDream.Models;
using DeepDream.Runtime;

namespace DeepDream.Visualization;

/// <summary>One look of a looks sheet: what its label says, the layer dreamed, and how far the dream raised its objective.</summary>
public sealed record LookResult(string Label, string Layer, double ObjectiveInput, double ObjectiveOutput);

/// <summary>A finished looks sheet and what it was made with.</summary>
/// <param name="Image">The sheet: the photo, then each look, labelled, six to a row.</param>
/// <param name="Model">The name of the model dreamed with.</param>
/// <param name="Looks">Each look, in the sheet's order after the photo.</param>
/// <param name="Seed">The seed every look dreamed with: the options' or the one picked.</param>
/// <param name="Seconds">How long the whole sheet took, in seconds.</param>
public sealed record LooksResult(RgbImage Image, string Model, IReadOnlyList<LookResult> Looks, int Seed, double Seconds);

/// <param name="Done">Looks finished.</param>
public sealed record LooksProgress(int Done, int Count, string Label, double Fraction);

/// <summary>
/// The student's comparison in one picture: one photo dreamed through every look of the model (edges …
/// objects) or through the given layers, with the same options and seed, labelled side by side after the photo.
/// </summary>
public static class LooksSheet
{
    /// <summary>The photo's longer side on a sheet, unless asked otherwise: six of them make a row a screen wide.</summary>
    public const int PhotoSize = 320;

    const int Gap = 4;
    const int Columns = 6;

    /// <param name="layers">Layer names or looks; null: the model's five looks.</param>
    public static LooksResult Render(RgbImage photo, DreamOptions options, IReadOnlyList<string>? layers,
        IProgress<LooksProgress>? progress = null, CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        options.Validate();
        var model = ModelCatalog.Load(options.Model);
        // Every name resolved before the first dream: a typo in the last one must not cost the others' minutes.
        var names = (layers ?? LayerPresets.Looks).Select(name => (Name: name, Layer: model.Layer(name).Name)).ToList();
        var seed = options.Seed ?? Random.Shared.Next();
        using var sessions = new SessionCache();
        using var font = LabelFont.Find();
        var tiles = new List<(string Label, RgbImage Image)> { ("photo", photo) };
        var looks = new List<LookResult>();
        foreach (var (name, layer) in names)
        {
            var label = layer == name ? name : $"{name}: {layer}";
            var done = looks.Count;
            using var dreamer = new Dreamer(DreamPlan.Resolve(model, options with { Layer = name, Seed = seed }), sessions);
            var result = dreamer.Dream(photo, progress is null ? null : new SyncProgress<DreamProgress>(p =>
                progress.Report(new LooksProgress(done, names.Count, label, (done + p.Fraction) / names.Count))), cancel);
            tiles.Add((label, result.Image));
            looks.Add(new LookResult(label, layer, result.ObjectiveInput, result.ObjectiveOutput));
        }
        var (sheet, _) = LabelledGrid.Compose(tiles, Columns, Math.Clamp(photo.Width / 12, 14, 28), Gap, font);
        return new LooksResult(sheet, model.Name, looks, seed, clock.Elapsed.TotalSeconds);
    }
}
