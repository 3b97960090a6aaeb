using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepDream.Graph;

/// <summary>Reads ONNX files, turning every way a file can be wrong into one clear message.</summary>
internal static class OnnxModelFile
{
    /// <summary>Far above any image network's largest weight, far below what would exhaust memory.</summary>
    const long MaxElements = 256L << 20;

    public static ModelProto Read(string path)
    {
        var model = ProtobufFile.Read(path, ModelProto.Parser, "ONNX model", "a complete .onnx file");
        if (model.Graph is null || model.Graph.Node.Count == 0 || model.Graph.Input.Count == 0)
            throw new DeepDreamException($"'{path}' is not an ONNX model (it holds no graph); pass an .onnx file");
        // A file's weights are read from the file: external data names other files, which a model must not make us open.
        if (model.Graph.Initializer.Any(t => t.DataLocation == TensorProto.Types.DataLocation.External || t.ExternalData.Count > 0))
            throw new DeepDreamException($"'{path}' keeps its weights in other files (ONNX external data, as exporters write models over 2 GB); only single-file models load: use one whose weights fit in the file");
        // Before the checks, so that the constants become weights checked like the others.
        ConstantNodes.Fold(model.Graph);
        if (Problem(model.Graph) is { } problem)
            throw new DeepDreamException($"'{path}' is not a usable ONNX model: {problem}; the file is damaged — export it again");
        return model;
    }

    /// <summary>What the graph editing relies on: every node has an op and outputs, every tensor one producer, every input a source, every weight its declared size.</summary>
    static string? Problem(GraphProto graph)
    {
        var defined = new HashSet<string>(graph.Input.Select(i => i.Name));
        var weights = new HashSet<string>();
        foreach (var weight in graph.Initializer)
        {
            // A weight may also be a graph input: IR 3 required it (every old zoo file lists its weights as inputs).
            if (!weights.Add(weight.Name)) return $"weight '{weight.Name}' is defined twice";
            defined.Add(weight.Name);
            if (WeightProblem(weight) is { } problem) return $"weight '{weight.Name}' {problem}";
        }
        foreach (var node in graph.Node)
        {
            if (node.OpType.Length == 0 || node.Output.Count == 0 || node.Output.Any(o => o.Length == 0))
                return $"node '{node.Name}' has no op type or an unnamed output";
            if (node.Output.FirstOrDefault(o => !defined.Add(o)) is { } twice) return $"tensor '{twice}' is produced twice (node '{node.Name}')";
        }
        foreach (var node in graph.Node)
            if (node.Input.FirstOrDefault(i => i.Length > 0 && !defined.Contains(i)) is { } missing)
                return $"node '{node.Name}' ({node.OpType}) reads '{missing}', which nothing in the graph defines";
        return null;
    }

    static string? WeightProblem(TensorProto weight)
    {
        if (weight.Dims.Any(d => d < 0) || weight.Dims.Aggregate(1.0, (a, d) => a * d) > MaxElements)
            return $"has the shape [{string.Join(", ", weight.Dims)}]";
        var count = weight.Dims.Aggregate(1L, (a, d) => a * d);
        int? size = (DataType)weight.DataType switch
        {
            DataType.Float or DataType.Int32 => 4,
            DataType.Double or DataType.Int64 => 8,
            _ => null,
        };
        return !weight.RawData.IsEmpty && size is { } bytes && weight.RawData.Length != count * bytes
            ? $"holds {weight.RawData.Length} bytes for its {count} values" : null;
    }
}
