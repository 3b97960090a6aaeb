using DeepDream.Dreaming.Objectives;
using DeepDream.Imaging;
using DeepDream.Models;
using DeepDream.Runtime;

namespace DeepDream.Dreaming.Objectives;

/// <summary>
/// The objective that dream options ask for: an expression over layers; or, on the chosen layer, a
/// guide image's features, the channels strongest on the photo, one channel, or the whole layer.
/// </summary>
public static class ObjectiveChoice
{
    /// <summary>The guide is read at most this large, as Caffe's notebook uses a small guide picture: its features are matched at every position.</summary>
    const int GuideSize = 224;

    /// <summary>Channels are ranked on the photo scaled to at most this: the ranking needs the content, not every pixel.</summary>
    const int RankingSize = 512;

    /// <param name="photo">What is dreamed on (the first frame of a video); needed only to rank channels.</param>
    public static Objective For(DreamModel model, DreamOptions options, RgbImage? photo)
    {
        if (options.Objective is { } expression) return ObjectiveExpression.Parse(expression).On(model);
        var layer = model.Layer(options.Layer ?? model.DefaultLayer).Tensor;
        if (options.Guide?.Path is { } guide)
            return !File.Exists(guide) ? throw new DeepDreamException($"guide image '{guide}' does not exist; check the path") : Objective.Of(new GuideTerm(layer, LayerActivations.Of(model, layer, ImageFile.Read(guide, GuideSize, $"guide image '{guide}'"))));
        if (options.Strongest is { } count)
            return Strongest(model, layer, count, photo ?? throw new DeepDreamException("the strongest channels are found on the photo being dreamed; give it"));
        return options.Channel is { } channel ? Objective.Channel(layer, channel) : Objective.Layer(layer);
    }

    /// <summary>The objective for a layer (a name or a preset) or one of its channels.</summary>
    public static Objective Layer(DreamModel model, string layer, int? channel)
    {
        var tensor = model.Layer(layer).Tensor;
        return channel is { } c ? Objective.Channel(tensor, c) : Objective.Layer(tensor);
    }

    /// <summary>neural-dream's "strong" channels: the layer's channels with the largest mean activation on the photo, equally weighted.</summary>
    static Objective Strongest(DreamModel model, string layer, int count, RgbImage photo)
    {
        var scale = Math.Min(1.0, (double)RankingSize / Math.Max(photo.Width, photo.Height));
        var ranked = LayerActivations.Of(model, layer, photo.Resize(Math.Max(1, (int)(photo.Width * scale)), Math.Max(1, (int)(photo.Height * scale)))).ChannelMeans();
        if (count > ranked.Length) throw new DeepDreamException($"the layer has only {ranked.Length} channels, fewer than the {count} strongest asked for");
        return Enumerable.Range(0, ranked.Length).OrderByDescending(c => ranked[c]).Take(count)
            .Select(c => 1.0 / count * Objective.Channel(layer, c)).Aggregate((a, b) => a + b);
    }
}
