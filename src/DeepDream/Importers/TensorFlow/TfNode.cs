using DeepDream.Importers.TensorFlow.Proto;

namespace DeepDream.Importers.TensorFlow;

/// <summary>
/// A GraphDef node with checked access to what a converter reads: a missing or malformed input or
/// attribute becomes a one-line error that names the node, never an exception from deep inside.
/// </summary>
sealed class TfNode
{
    readonly NodeDef def;

    public TfNode(NodeDef def)
    {
        this.def = def;
        Inputs = [.. def.Input.Where(i => !i.StartsWith('^')).Select(TensorName)];
    }

    public string Name => def.Name;
    public string Op => def.Op;

    /// <summary>The tensors this node reads (control dependencies left out), as node names.</summary>
    public string[] Inputs { get; }

    /// <summary>The node's inputs, checked to be exactly <paramref name="count"/>.</summary>
    public string[] Expect(int count) =>
        Inputs.Length == count ? Inputs : throw Fail($"has {Inputs.Length} inputs where {Op} takes {count}");

    /// <summary>The node's inputs, checked to be at least <paramref name="count"/>.</summary>
    public string[] ExpectAtLeast(int count) =>
        Inputs.Length >= count ? Inputs : throw Fail($"has {Inputs.Length} inputs where {Op} takes at least {count}");

    public bool Has(string attribute) => def.Attr.ContainsKey(attribute);

    public AttrValue Attribute(string name) =>
        def.Attr.TryGetValue(name, out var value) ? value : throw Fail($"lacks its '{name}' attribute");

    /// <summary>A list-of-ints attribute of a given length, every value within [min, max].</summary>
    public long[] Ints(string name, int length, long min, long max)
    {
        var values = Attribute(name).List?.I.ToArray() ?? [];
        if (values.Length != length) throw Fail($"has '{name}' with {values.Length} values where {length} are needed");
        if (values.Any(v => v < min || v > max)) throw Fail($"has '{name}' [{string.Join(", ", values)}] outside {min}..{max}");
        return values;
    }

    /// <summary>An NHWC window attribute ([1, h, w, 1]) as its two spatial values.</summary>
    public long[] Window(string name, long max)
    {
        var values = Ints(name, 4, 1, max);
        if (values[0] != 1 || values[3] != 1) throw Fail($"has '{name}' [{string.Join(", ", values)}], which moves over the batch or channels; only spatial windows are supported");
        return [values[1], values[2]];
    }

    public string Text(string name, params string[] allowed)
    {
        var value = Attribute(name).S.ToStringUtf8();
        return allowed.Contains(value) ? value : throw Fail($"has '{name}' = '{value}' where {string.Join(" or ", allowed)} is supported");
    }

    public long Int(string name, long fallback, long min, long max)
    {
        var value = def.Attr.TryGetValue(name, out var a) ? a.I : fallback;
        return value >= min && value <= max ? value : throw Fail($"has '{name}' = {value} outside {min}..{max}");
    }

    public float Float(string name, float fallback, float min, float max)
    {
        var value = def.Attr.TryGetValue(name, out var a) ? a.F : fallback;
        return value >= min && value <= max ? value : throw Fail($"has '{name}' = {value} outside {min}..{max}");
    }

    public bool Bool(string name) => def.Attr.TryGetValue(name, out var a) && a.B;

    public DeepDreamException Fail(string problem) =>
        new($"node '{Name}' ({Op}) {problem}; the TensorFlow graph is damaged or of an unsupported kind");

    /// <summary>"x:0" and "x" name the same tensor; other outputs are refused where they are looked up.</summary>
    static string TensorName(string input) => input.EndsWith(":0") ? input[..^2] : input;
}
