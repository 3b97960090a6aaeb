using System.Diagnostics;
using System.Globalization;
using DeepDream.Graph;
using DeepDream.Imaging;
using DeepDream.Models;
using DeepDream.Runtime;

namespace DeepDream.Visualization;

/// <summary>
/// "What does each channel see": every channel of a layer (or a range) visualized with the same settings and
/// seed, tiled into one grid with the channel number under each tile.
/// </summary>
/// <remarks>
/// Channels are rendered one at a time. Rendering several as one batch in one ONNX Runtime session was
/// measured (ResNet18 layer3, 2 cores): 15.9 ms per image in batches of 4 or 8 against 16.3 ms alone at
/// 140 pixels, 47 against 42 ms at 224, since ORT's CPU convolutions cost the same per image either way.
/// </remarks>
public static class ChannelSheet
{
    const int Gap = 2;

    /// <summary>Renders the sheet: every tile with one seed (the options' or one picked), settings left unset taken from <see cref="RendererDefaults"/> (<see cref="RendererDefaults.SheetIterations"/> steps each).</summary>
    /// <exception cref="DeepDreamException">The options are out of range, the channels are beyond the layer's, or no font is installed for the labels.</exception>
    public static SheetResult Render(SheetOptions options, IProgress<SheetProgress>? progress = null, CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        options.Validate();
        // Every tile with the same settings and seed, so that tiles differ only by what their channels see.
        var defaults = RendererDefaults.For(options.Visualize.Renderer);
        var visualize = options.Visualize with
        {
            Size = options.Visualize.Size ?? defaults.Size,
            Iterations = options.Visualize.Iterations ?? defaults.SheetIterations,
            Seed = options.Visualize.Seed ?? Random.Shared.Next(),
        };
        var (size, seed) = (visualize.Size.Value, visualize.Seed.Value);
        var model = ModelCatalog.Load(visualize.Model);
        var layer = model.Layer(visualize.Layer ?? model.DefaultLayer);
        var channels = Channels(model, layer, size, options.Channels);
        // Found before the work: a machine without fonts learns it in a second, not after the sheet.
        using var font = LabelFont.Find();

        var tiles = new List<(string, RgbImage)>();
        var results = new List<(int Channel, double Start, double End)>();
        using var sessions = new SessionCache();
        foreach (var channel in channels.Channels)
        {
            var done = results.Count;
            var tileProgress = progress is null ? null : new SyncProgress<RenderProgress>(p => progress.Report(new SheetProgress(done, channels.Count, channel, (done + (double)p.Step / p.Steps) / channels.Count)));
            using var visualizer = new Visualizer(model, visualize with { Channel = channel }, sessions);
            var result = visualizer.Render(tileProgress, cancel);
            tiles.Add((channel.ToString(CultureInfo.InvariantCulture), result.Image.Resize(size, size)));
            results.Add((channel, result.ObjectiveStart, result.ObjectiveEnd));
        }
        var (sheet, placed) = LabelledGrid.Compose(tiles, Columns(channels.Count), labelHeight: Math.Max(12, size / 8), Gap, font);
        var channelResults = results.Zip(placed, (r, tile) => new ChannelResult(r.Channel, r.Start, r.End, tile)).ToList();
        return new SheetResult(sheet, model.Name, layer.Name, visualize.Renderer, size, seed, channelResults, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The requested channels, checked against the layer; null: all of them.</summary>
    static ChannelRange Channels(DreamModel model, Layer layer, int size, ChannelRange? requested)
    {
        var graph = model.ForImage(size, size);
        Pruning.KeepOnly(graph.Graph, [layer.Tensor]);
        var count = (int)ShapeInference.Infer(graph)[layer.Tensor][1];
        var channels = requested ?? new ChannelRange(0, count - 1);
        if (channels.Last >= count)
            throw new DeepDreamException($"channels {channels} are out of range: {layer.Name} has channels 0 to {count - 1}");
        return channels;
    }

    /// <summary>At least 8 columns, more for big sheets, so that a sheet stays roughly square.</summary>
    static int Columns(int count) => Math.Max(8, (int)Math.Ceiling(Math.Sqrt(count)));
}

/// <param name="Done">Channels finished.</param>
/// <param name="Fraction">Of the whole sheet, 0..1.</param>
public sealed record SheetProgress(int Done, int Count, int Channel, double Fraction);

/// <param name="Tile">Where the channel's picture lies on the sheet.</param>
public sealed record ChannelResult(int Channel, double ObjectiveStart, double ObjectiveEnd, GridTile Tile);

/// <param name="Size">The side of each tile.</param>
public sealed record SheetResult(RgbImage Image, string Model, string Layer, RendererKind Renderer, int Size, int Seed, IReadOnlyList<ChannelResult> Channels, double Seconds);
