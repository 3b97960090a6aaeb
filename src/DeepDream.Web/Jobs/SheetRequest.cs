using DeepDream.Models;
using DeepDream.Visualization;

namespace DeepDream.Web.Jobs;

/// <summary>
/// A channel sheet as the studio makes it, every setting resolved (the layer by its name, not its look; the
/// renderer's defaults filled in, the channels as a range): a sheet job's stored options, and its cache key,
/// so that equal requests get one rendering. Stored with the job as JSON with these property names.
/// </summary>
/// <param name="Channels">A range as <see cref="ChannelRange"/> writes it: "0-63".</param>
/// <param name="Renderer">naive, multiscale, lapnorm or fourier.</param>
public sealed record SheetRequest(string Model, string Layer, string Channels, string Renderer, int Size, int Iterations)
{
    /// <summary>
    /// Reads a request's fields (a form's or a query string's, named like VisualizeOptions' properties, and 'channels'),
    /// checked by the options' rules, then the studio's caps, then against the model's layer. The channels default to
    /// as many of the first ones as a sheet in the studio shows.
    /// </summary>
    public static SheetRequest Read(OptionFields form)
    {
        var sheet = form.Read<SheetOptions>();
        StudioCaps.CheckModel(sheet.Visualize.Model);
        var visualize = sheet.Visualize;
        var defaults = RendererDefaults.For(visualize.Renderer);
        var model = ModelCatalog.Load(visualize.Model);
        var layer = model.Layer(visualize.Layer ?? model.DefaultLayer).Name;
        if (!ModelLayers.Of(model).TryGetValue(layer, out var count))
            throw new DeepDreamException($"the studio makes sheets of the layers GET /api/models lists, not of '{layer}'");
        var channels = sheet.Channels ?? new ChannelRange(0, (int)Math.Min(count, StudioCaps.SheetChannels) - 1);
        ModelLayers.Check(model, layer, channels);
        StudioCaps.Check(channels);
        return new(model.Name, layer, channels.ToString(), visualize.Renderer.Name(), visualize.Size ?? defaults.Size, visualize.Iterations ?? defaults.SheetIterations);
    }

    public ChannelRange Range => ChannelRange.Parse(Channels);

    /// <summary>What the library renders; the seed is not part of the request: any seed makes the sheet.</summary>
    public SheetOptions Options(int seed) => new()
    {
        Visualize = new VisualizeOptions
        {
            Model = Model, Layer = Layer, Renderer = Enum.Parse<RendererKind>(Renderer, ignoreCase: true), Size = Size, Iterations = Iterations, Seed = seed,
        },
        Channels = Range,
    };
}
