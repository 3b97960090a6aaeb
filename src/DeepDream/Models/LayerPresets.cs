namespace DeepDream.Models;

/// <summary>The looks by name, and how to pick layers for them.</summary>
public static class LayerPresets
{
    public static readonly string[] Looks = ["edges", "textures", "patterns", "parts", "objects"];

    /// <summary>The looks of a network nobody has mapped by hand, spread from shallow to deep over its layers.</summary>
    public static Dictionary<string, string> Spread(IReadOnlyList<Layer> layers) =>
        Looks.Select((look, i) => (look, layers[(int)((i + 0.5) * layers.Count / Looks.Length)].Name)).ToDictionary();

    /// <summary>Up to five layers from shallow to the deepest, for gradient checks.</summary>
    public static List<string> MainLayers(IReadOnlyList<Layer> layers)
    {
        var count = Math.Min(5, layers.Count);
        return [.. Enumerable.Range(1, count).Select(i => layers[i * layers.Count / count - 1].Name).Distinct()];
    }

    /// <summary>A hand mapping, if all its layers exist.</summary>
    public static Dictionary<string, string>? Mapped(IReadOnlyList<Layer> layers, params string[] byLook) =>
        byLook.All(name => layers.Any(l => l.Name == name)) ? Looks.Zip(byLook).ToDictionary() : null;
}
