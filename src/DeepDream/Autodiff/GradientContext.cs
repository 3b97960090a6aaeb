using DeepDream.Graph;
using Onnx;

namespace DeepDream.Autodiff;

/// <summary>What a gradient builder sees of one forward node, and where it writes its input gradients.</summary>
internal sealed class GradientContext(
    GraphEditor graph, NodeProto node, IReadOnlyDictionary<string, long[]> shapes,
    string?[] outputGrads, Func<string, bool> carriesGradient)
{
    readonly Dictionary<int, string> inputGrads = [];

    public GraphEditor G { get; } = graph;
    public NodeProto Node { get; } = node;

    public string Input(int i) => Node.Input[i];
    public string Output(int i) => Node.Output[i];
    public bool HasInput(int i) => i < Node.Input.Count && Node.Input[i].Length > 0;

    /// <summary>The gradient flowing into output i, or null where nothing downstream uses it.</summary>
    public string? OutputGrad(int i = 0) => i < outputGrads.Length ? outputGrads[i] : null;

    /// <summary>The gradient of output i, zeros where nothing downstream uses it.</summary>
    public string OutputGradOrZeros(int i) =>
        OutputGrad(i) ?? G.Node("ConstantOfShape", [G.Int64s(Shape(Output(i)))]);

    /// <summary>Output 0's gradient; the backward pass only calls a single-output builder when it exists.</summary>
    public string Grad => OutputGrad(0) ?? throw new InvalidOperationException($"node '{Node.Name}' has no output gradient");

    /// <summary>Whether input i depends on the differentiated input, so that its gradient is wanted.</summary>
    public bool Wants(int i) => HasInput(i) && carriesGradient(Node.Input[i]);

    public long[] Shape(string tensor) =>
        shapes.TryGetValue(tensor, out var s) ? s : throw new InvalidOperationException($"no shape known for tensor '{tensor}'");

    public void SetInputGrad(int i, string gradient)
    {
        if (Wants(i)) inputGrads[i] = gradient;
    }

    /// <summary>Sums a gradient over the axes that broadcasting stretched, giving it the input's shape.</summary>
    /// <param name="gradient">A gradient shaped like output 0, or like <paramref name="shape"/>.</param>
    public string Unbroadcast(string gradient, int input, long[]? shape = null)
    {
        var from = shape ?? Shape(Output(0));
        var to = Shape(Input(input));
        var rankGap = from.Length - to.Length;
        var axes = Enumerable.Range(0, from.Length)
            .Where(a => a < rankGap || (to[a - rankGap] == 1 && from[a] != 1))
            .Select(a => (long)a).ToArray();
        if (axes.Length == 0 && rankGap == 0) return gradient;
        var summed = G.Node("ReduceSum", [gradient, G.Int64s(axes)], Attributes.Int("keepdims", 1));
        return G.Node("Reshape", [summed, G.Int64s(to)]);
    }

    public IReadOnlyDictionary<int, string> InputGrads => inputGrads;

    public NotSupportedGradientException Unsupported(string what) => new(Node, what);
}
