using DeepDream.Autodiff;
using DeepDream.Graph;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace DeepDream.Runtime;

/// <summary>
/// One ONNX Runtime session that maps an image of one size to (objective, d objective / d image):
/// the network truncated at the objective's layers, the objective, and our backward graph, all in
/// one ONNX graph. Input and output buffers are allocated once and reused by every call.
/// </summary>
internal sealed class GradientSession : IGradientSession
{
    const string ValueOutput = "deepdream_objective";
    const string GradientOutput = "deepdream_gradient";

    readonly InferenceSession session;
    readonly float[] input;
    readonly float[] gradient;
    readonly double[] value = new double[1];
    readonly OrtValue inputValue, gradientValue, valueValue;
    readonly RunOptions runOptions = new();
    readonly Lock gate = new();

    GradientSession(InferenceSession session, string inputName, long[] shape)
    {
        this.session = session;
        this.inputName = inputName;
        InputShape = shape;
        input = new float[Tensors.ElementCount(shape)];
        gradient = new float[input.Length];
        inputValue = OrtValue.CreateTensorValueFromMemory(input, shape);
        gradientValue = OrtValue.CreateTensorValueFromMemory(gradient, shape);
        valueValue = OrtValue.CreateTensorValueFromMemory(value, []);
    }

    readonly string inputName;

    /// <summary>[1, 3, height, width] for images; any fixed shape for other graphs.</summary>
    public long[] InputShape { get; }

    public bool EvaluatesAsCheaply => false;

    /// <param name="model">A network specialized to one input shape, fed by <paramref name="inputName"/>.</param>
    /// <param name="withGradient">False builds the forward pass and objective only (see <see cref="Evaluate"/>).</param>
    public static GradientSession Create(ModelProto model, string inputName, IObjective objective, bool withGradient = true) =>
        Create(TruncatedNetwork.Of(model, objective), inputName, objective, withGradient);

    /// <param name="network">Extended in place: no one may use it after.</param>
    public static GradientSession Create(TruncatedNetwork network, string inputName, IObjective objective, bool withGradient) =>
        new(Ort.Session(BuildGraph(network, inputName, objective, withGradient)), inputName, network.Shapes[inputName]);

    /// <summary>The combined forward + objective (+ backward) graph, for inspection, benchmarks and tests.</summary>
    public static ModelProto BuildGraph(ModelProto model, string inputName, IObjective objective, bool withGradient = true) =>
        BuildGraph(TruncatedNetwork.Of(model, objective), inputName, objective, withGradient);

    static ModelProto BuildGraph(TruncatedNetwork truncated, string inputName, IObjective objective, bool withGradient)
    {
        var (graph, shapes) = truncated;
        var editor = new GraphEditor(graph);
        var network = graph.Graph.Node.Count;
        var nodes = objective.Emit(editor, shapes);
        editor.NodeInto(ValueOutput, "Identity", [nodes.Value]);
        if (withGradient)
        {
            // The objective's own nodes, which the autodiff goes back through on its way into the network.
            ShapeInference.Extend(graph, shapes, network);
            editor.NodeInto(GradientOutput, "Identity", [Backward.Build(editor, shapes, inputName, nodes.Seeds)]);
            // Builders may re-express forward nodes in terms of values they add (LRN does).
            TopologicalOrder.Sort(graph.Graph);
        }
        else
            // With a gradient, LRN's builder makes this same rewrite, sharing S^−β with the backward pass.
            LrnDecomposition.RewriteAll(editor, shapes);
        // What the outputs do not need goes: an objective's float copy of its value is there only to be differentiated.
        Pruning.KeepOnly(graph.Graph, withGradient ? [ValueOutput, GradientOutput] : [ValueOutput]);
        return graph;
    }


    /// <summary>Computes the objective of an input (a planar RGB image: 3·H·W values) and writes its gradient.</summary>
    public double Run(ReadOnlySpan<float> image, Span<float> imageGradient)
    {
        if (image.Length != input.Length || imageGradient.Length != input.Length)
            throw new ArgumentException($"expected {input.Length} values for an input of shape {string.Join('x', InputShape)}");
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            image.CopyTo(input);
            Ort.Run(session, runOptions, [inputName], [inputValue], [ValueOutput, GradientOutput], [valueValue, gradientValue]);
            gradient.CopyTo(imageGradient);
            return value[0];
        }
    }

    /// <summary>The objective alone: a forward pass.</summary>
    public double Evaluate(ReadOnlySpan<float> image)
    {
        if (image.Length != input.Length) throw new ArgumentException($"expected {input.Length} values for an input of shape {string.Join('x', InputShape)}");
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            image.CopyTo(input);
            Ort.Run(session, runOptions, [inputName], [inputValue], [ValueOutput], [valueValue]);
            return value[0];
        }
    }

    // A disposed session's buffers are freed: a call after Dispose must not reach ONNX Runtime.
    bool disposed;

    /// <summary>Frees the session and its buffers once a call in progress is done; a later <see cref="Run"/> or <see cref="Evaluate"/> throws <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            if (disposed) return;
            disposed = true;
        }
        session.Dispose();
        inputValue.Dispose();
        gradientValue.Dispose();
        valueValue.Dispose();
        runOptions.Dispose();
    }
}
