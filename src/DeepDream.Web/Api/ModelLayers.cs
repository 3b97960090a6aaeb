using System.Collections.Concurrent;
using DeepDream.Models;
using DeepDream.Runtime;

namespace DeepDream.Web.Api;

/// <summary>The channel count of every layer of a catalog model, worked out once per model.</summary>
static class ModelLayers
{
    static readonly ConcurrentDictionary<string, Lazy<IReadOnlyDictionary<string, long>>> Channels = new();

    public static IReadOnlyDictionary<string, long> Of(DreamModel model) => Channels.GetOrAdd(model.Name, _ => new(() =>
    {
        var shapes = ShapeInference.Infer(model.ForImage(224, 224));
        return model.Layers.ToDictionary(l => l.Name, l => shapes[l.Tensor][1]);
    })).Value;
}
