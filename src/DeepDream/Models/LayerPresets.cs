namespace DeepDream.Models;

/// <summary>The looks by name, and how to pick layers for them.</summary>
internal static class LayerPresets
{
    public static readonly string[] Looks = ["edges", "textures", "patterns", "parts", "objects"];

    /// <summary>The looks of a network nobody has mapped by hand, spread from shallow to deep over its layers.</summary>
    public static Dictionary<string, string> Spread(IReadOnlyList<Layer> layers) =>
        Looks.Select((look, i) => (look, layers[(int)((i + 0.5) * layers.Count / Looks.Length)].Name)).ToDictionary();

    /// <summary>The looks and default layer of a network nobody has mapped by hand: from its blocks, else spread over its layers.</summary>
    public static (Dictionary<string, string> Looks, string Default) Automatic(Onnx.GraphProto graph, string input, IReadOnlyList<Layer> layers)
    {
        if (FromBlocks(NetworkStructure.Read(graph, input).Blocks) is not var (looks, chosen))
        {
            var spread = Spread(layers);
            return (spread, spread["parts"]);
        }
        var names = layers.GroupBy(l => l.Tensor).ToDictionary(l => l.Key, l => l.First().Name);
        string Named(string tensor) => names.GetValueOrDefault(tensor, tensor);
        return (looks.ToDictionary(l => l.Key, l => Named(l.Value)), Named(chosen));
    }

    /// <summary>
    /// The looks and default layer of a network nobody has mapped by hand, from where its blocks end. Google's Inception
    /// and the catalog's ResNet show the pattern: edges come from the first activation, textures and patterns from the
    /// blocks at 1/8 of the image's resolution, parts and objects from those at 1/16, where the network's middle
    /// is deepest; the default is the middle of that stage (Inception's mixed4c, the notebook's favourite). Null when the
    /// network has too few such blocks to tell the looks apart.
    /// </summary>
    public static (Dictionary<string, string> Looks, string Default)? FromBlocks(IReadOnlyList<BlockOutput> blocks)
    {
        var eighth = blocks.Where(b => b.Stride == 8).ToList();
        var sixteenth = blocks.Where(b => b.Stride == 16).ToList();
        List<BlockOutput> middle = [.. eighth, .. sixteenth];
        if (blocks.Count == 0 || eighth.Count == 0 || sixteenth.Count == 0 || middle.Count < 4) return null;
        int[] wanted = [0, eighth.Count - 1, eighth.Count + sixteenth.Count / 3, eighth.Count + 2 * sixteenth.Count / 3];
        // Later looks move deeper where a stage has too few blocks for two looks.
        for (var i = 1; i < wanted.Length; i++) wanted[i] = Math.Max(wanted[i], wanted[i - 1] + 1);
        if (wanted[^1] >= middle.Count) wanted = [.. Enumerable.Range(middle.Count - 4, 4)];
        var looks = Looks.Zip([blocks[0], .. wanted.Select(i => middle[i])]).ToDictionary(p => p.First, p => p.Second.Tensor);
        return (looks, sixteenth[sixteenth.Count / 2].Tensor);
    }

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
