using Onnx;

namespace DeepDream.Models;

/// <summary>Finds a network's image input and declares the dream's own.</summary>
static class NetworkInputs
{
    /// <summary>
    /// Old exporters list weights among the inputs too; drop those, check that one NCHW image input
    /// with three channels remains, and return its name.
    /// </summary>
    public static string Normalize(string model, ModelProto graph)
    {
        var weights = graph.Graph.Initializer.Select(t => t.Name).ToHashSet();
        var inputs = graph.Graph.Input.Where(i => !weights.Contains(i.Name)).ToList();
        graph.Graph.Input.Clear();
        graph.Graph.Input.AddRange(inputs);
        if (inputs.Count != 1)
            throw new DeepDreamException($"model '{model}' has {inputs.Count} inputs ({string.Join(", ", inputs.Select(i => i.Name))}); only networks with one image input can dream");
        var dims = inputs[0].Type?.TensorType?.Shape?.Dim;
        if (dims is null || dims.Count != 4 || (dims[1].DimValue != 3 && dims[1].DimValue != 0))
            throw new DeepDreamException($"model '{model}' input '{inputs[0].Name}' is not an NCHW image with 3 channels");
        if (inputs[0].Type.TensorType.ElemType != (int)TensorProto.Types.DataType.Float)
            throw new DeepDreamException($"model '{model}' input '{inputs[0].Name}' is not float32");
        return inputs[0].Name;
    }
}
