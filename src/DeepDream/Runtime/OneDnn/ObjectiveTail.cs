using DeepDream.Autodiff;
using DeepDream.Graph;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace DeepDream.Runtime.OneDnn;

/// <summary>
/// The objective on its own, run by ONNX Runtime on the layers oneDNN computed: their values in, the
/// objective and its gradient at each layer out. Objectives stay graphs (any term, guide or
/// expression works on either engine), and this part is a few element-wise passes over small tensors.
/// </summary>
internal sealed class ObjectiveTail : IDisposable
{
    const string ValueOutput = "deepdream_objective";

    readonly InferenceSession session;
    readonly string[] inputNames, outputNames;
    readonly OrtValue[] inputValues, outputValues;
    readonly double[] value = new double[1];
    readonly RunOptions runOptions = new();

    public ObjectiveTail(ModelProto network, IReadOnlyDictionary<string, long[]> shapes, IObjective objective, bool withGradient)
    {
        Layers = [.. objective.Tensors];
        var model = new ModelProto { IrVersion = network.IrVersion, Graph = new GraphProto { Name = "objective" } };
        model.OpsetImport.AddRange(network.OpsetImport.Select(o => o.Clone()));
        foreach (var layer in Layers) model.Graph.Input.Add(ValueInfos.Float(layer, [.. shapes[layer].Select(d => (long?)d)]));
        var known = Layers.ToDictionary(l => l, l => shapes[l]);
        var editor = new GraphEditor(model);
        var nodes = objective.Emit(editor, known);
        editor.NodeInto(ValueOutput, "Identity", [nodes.Value]);
        var gradientNames = Layers.Select((_, i) => $"deepdream_gradient_{i}").ToArray();
        if (withGradient)
        {
            ShapeInference.Extend(model, known, 0);
            for (var i = 0; i < Layers.Count; i++) editor.NodeInto(gradientNames[i], "Identity", [Backward.Build(editor, known, Layers[i], nodes.Seeds)]);
            TopologicalOrder.Sort(model.Graph);
        }
        outputNames = withGradient ? [ValueOutput, .. gradientNames] : [ValueOutput];
        Pruning.KeepOnly(model.Graph, outputNames);
        session = Ort.Session(model, singleThreaded: true);

        inputNames = [.. Layers];
        Inputs = [.. Layers.Select(l => Pinned(shapes[l]))];
        Gradients = withGradient ? [.. Layers.Select(l => Pinned(shapes[l]))] : [];
        inputValues = [.. Layers.Select((l, i) => OrtValue.CreateTensorValueFromMemory(Inputs[i], shapes[l]))];
        outputValues = [OrtValue.CreateTensorValueFromMemory(value, []), .. Gradients.Select((g, i) => OrtValue.CreateTensorValueFromMemory(g, shapes[Layers[i]]))];
    }

    static float[] Pinned(long[] dims) => GC.AllocateArray<float>((int)Tensors.ElementCount(dims), pinned: true);

    /// <summary>The layers the objective reads, in the order of <see cref="Inputs"/> and <see cref="Gradients"/>.</summary>
    public IReadOnlyList<string> Layers { get; }

    /// <summary>Each layer's value, float32 NCHW, in pinned arrays the engine writes into.</summary>
    public float[][] Inputs { get; }

    /// <summary>d objective / d layer, float32 NCHW, in pinned arrays the engine reads (empty without a gradient).</summary>
    public float[][] Gradients { get; }

    public double Run()
    {
        Ort.Run(session, runOptions, inputNames, inputValues, outputNames, outputValues);
        return value[0];
    }

    public void Dispose()
    {
        session.Dispose();
        foreach (var v in inputValues.Concat(outputValues)) v.Dispose();
        runOptions.Dispose();
    }
}
