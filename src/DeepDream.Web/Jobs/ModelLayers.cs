using System.Collections.Concurrent;
using DeepDream.Models;
using DeepDream.Runtime;
using DeepDream.Visualization;

namespace DeepDream.Web.Jobs;

/// <summary>The channel count of every layer of a catalog model, worked out once per model.</summary>
public static class ModelLayers
{
    static readonly ConcurrentDictionary<string, Lazy<IReadOnlyDictionary<string, long>>> Channels = new();

    public static IReadOnlyDictionary<string, long> Of(DreamModel model) => Channels.GetOrAdd(model.Name, _ => new(() =>
    {
        var shapes = ShapeInference.Infer(model.ForImage(224, 224));
        return model.Layers.ToDictionary(l => l.Name, l => shapes[l.Tensor][1]);
    })).Value;

    /// <summary>
    /// The channels must exist: a typo is the user's to fix now, not a failed job later. A raw tensor of the
    /// graph (not in the model's list of layers) is left to the job.
    /// </summary>
    /// <param name="layer">The layer's name, presets resolved.</param>
    public static void Check(DreamModel model, string layer, ChannelRange channels)
    {
        if (Of(model).TryGetValue(layer, out var count) && channels.Last >= count)
            throw new DeepDreamException($"{(channels.Count == 1 ? $"channel {channels} is" : $"channels {channels} are")} out of range: layer {layer} has channels 0 to {count - 1}");
    }
}
