using Onnx;

namespace DeepDream.Graph;

/// <summary>
/// Appends nodes and constants to an ONNX graph under fresh, unique names.
/// Everything that grows a graph (preprocessing, objectives, the backward pass) goes through it.
/// </summary>
internal sealed class GraphEditor
{
    readonly HashSet<string> names = [];
    readonly Dictionary<string, TensorProto> initializers = [];
    int counter;

    /// <summary>Edits the model in place; the names its graph already uses (inputs, constants, nodes and their outputs) are never handed out by <see cref="FreshName"/>.</summary>
    public GraphEditor(ModelProto model)
    {
        Model = model;
        foreach (var t in Graph.Initializer) initializers[t.Name] = t;
        foreach (var n in Graph.Node) { names.UnionWith(n.Output); names.Add(n.Name); }
        names.UnionWith(Graph.Input.Select(i => i.Name));
        names.UnionWith(initializers.Keys);
    }

    /// <summary>The model being edited, in place.</summary>
    public ModelProto Model { get; }
    /// <summary>The model's graph, which nodes and constants are added to.</summary>
    public GraphProto Graph => Model.Graph;

    /// <summary>The constant tensor behind a name, or null if the value is computed.</summary>
    public TensorProto? Initializer(string name) => initializers.GetValueOrDefault(name);

    /// <summary>A name no tensor or node of the graph has, made from <paramref name="hint"/> ("hint__3") and reserved from then on.</summary>
    public string FreshName(string hint)
    {
        string name;
        do name = $"{hint}__{counter++}"; while (!names.Add(name));
        return name;
    }

    /// <summary>Adds a node with one output and returns that output's name.</summary>
    public string Node(string opType, IEnumerable<string> inputs, params AttributeProto[] attributes) =>
        Nodes(opType, inputs, 1, attributes)[0];

    /// <summary>Adds a node that writes an existing tensor name (one the graph consumes but nothing produces yet).</summary>
    public void NodeInto(string output, string opType, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = FreshName(opType) };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
    }

    /// <summary>Adds a node of an op from another domain than ONNX's (importing that domain) and returns its output.</summary>
    public string DomainNode(string domain, string opType, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        var output = Node(opType, inputs, attributes);
        Graph.Node[^1].Domain = domain;
        if (Model.OpsetImport.All(o => o.Domain != domain)) Model.OpsetImport.Add(new OperatorSetIdProto { Domain = domain, Version = 1 });
        return output;
    }

    /// <summary>Adds a node with <paramref name="outputs"/> outputs and returns their names, in order.</summary>
    public string[] Nodes(string opType, IEnumerable<string> inputs, int outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = FreshName(opType) };
        node.Input.AddRange(inputs);
        for (var i = 0; i < outputs; i++) node.Output.Add(FreshName(opType.ToLowerInvariant()));
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return [.. node.Output];
    }

    /// <summary>Adds a float constant of shape <paramref name="dims"/> (none: a scalar), values row-major, and returns its name.</summary>
    public string Floats(float[] values, params long[] dims) => Add(Tensors.Float(FreshName("const"), values, dims));

    /// <summary>A float scalar (rank 0), which broadcasts against any tensor.</summary>
    public string Scalar(float value) => Add(Tensors.Float(FreshName("const"), [value]));

    /// <summary>Adds a double constant of shape <paramref name="dims"/> (none: a scalar), values row-major, and returns its name.</summary>
    public string Doubles(double[] values, params long[] dims) => Add(Tensors.Double(FreshName("const"), values, dims));

    /// <summary>A double scalar (rank 0), which broadcasts against any double tensor.</summary>
    public string DoubleScalar(double value) => Add(Tensors.Double(FreshName("const"), [value]));

    /// <summary>Adds a 1-D int64 constant of the values (axes, pads, a shape) and returns its name.</summary>
    public string Int64s(params long[] values) => Add(Tensors.Int64(FreshName("const"), values, values.Length));

    string Add(TensorProto tensor)
    {
        Graph.Initializer.Add(tensor);
        initializers[tensor.Name] = tensor;
        return tensor.Name;
    }
}
