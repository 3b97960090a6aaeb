using DeepDream.Graph;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace DeepDream.Runtime;

/// <summary>
/// Replaces a graph's shape arithmetic with its values at the graph's fixed input size. Exporters write
/// <c>x.view(n, groups, c / groups, h, w)</c> as Shape → Gather → Div → Concat → Reshape (ShuffleNet's channel
/// shuffle), and until that arithmetic is a constant neither ONNX Runtime's shape inference nor the autodiff can see
/// through the Reshape. Each round folds the Shape nodes whose input shapes are now known, then the small integer
/// arithmetic fed only by constants, which makes the next Reshape's output known.
/// </summary>
internal static class ShapeFolding
{
    /// <summary>Values this small are shape arithmetic (a shape, an axis, a count), never a feature map or a weight.</summary>
    const long SmallValue = 64;

    /// <summary>
    /// The ops exporters compute shapes with, whose outputs are no larger than their inputs (or than their broadcast):
    /// no ConstantOfShape, Expand, Range or Tile, which a file could make allocate without bound from a few numbers.
    /// </summary>
    static readonly HashSet<string> Arithmetic = ["Cast", "Unsqueeze", "Squeeze", "Concat", "Gather", "Slice", "Reshape", "Identity",
        "Add", "Sub", "Mul", "Div", "Mod", "Floor", "Ceil", "Neg", "Abs", "Min", "Max", "Sqrt", "Equal", "Less", "Greater", "Not", "Where", "ReduceProd"];

    public static void Fold(ModelProto model)
    {
        var graph = model.Graph;
        FoldConstants(model);
        while (graph.Node.Any(IsShapeQuery))
        {
            var shapes = ShapeInference.Known(model);
            var queries = graph.Node.Where(n => IsShapeQuery(n) && shapes.ContainsKey(n.Input[0])).ToList();
            if (queries.Count == 0) return;
            foreach (var query in queries)
            {
                graph.Initializer.Add(Answer(query, shapes[query.Input[0]]));
                graph.Node.Remove(query);
            }
            FoldConstants(model);
        }
    }

    static bool IsShapeQuery(NodeProto node) => node.OpType is "Shape" or "Size" && node.Domain is "" or "ai.onnx";

    static TensorProto Answer(NodeProto query, long[] shape)
    {
        if (query.OpType == "Size") return Tensors.Int64(query.Output[0], [Tensors.ElementCount(shape)]);
        var rank = shape.Length;
        long Axis(long axis) => Math.Clamp(axis < 0 ? axis + rank : axis, 0, rank);
        var start = (int)Axis(query.GetInt("start", 0));
        var end = (int)Axis(query.GetInt("end", rank));
        var dims = shape[start..Math.Max(start, end)];
        return Tensors.Int64(query.Output[0], dims, dims.Length);
    }

    /// <summary>
    /// Evaluates, in one ONNX Runtime run, every node whose inputs are all small constants, and makes its outputs
    /// constants: what holds at any input size (opset 8 exports build a view's shape from Constant → Cast → Unsqueeze → Concat).
    /// </summary>
    public static void FoldConstants(ModelProto model)
    {
        var graph = model.Graph;
        var small = graph.Initializer.Where(t => Tensors.ElementCount(t.Dims) <= SmallValue).ToDictionary(t => t.Name);
        var known = small.Keys.ToHashSet();
        var folded = new List<NodeProto>();
        foreach (var node in graph.Node)
        {
            if (node.Domain is not ("" or "ai.onnx") || !Arithmetic.Contains(node.OpType) || !node.Input.All(i => i.Length == 0 || known.Contains(i)))
                continue;
            folded.Add(node);
            known.UnionWith(node.Output);
        }
        if (folded.Count == 0) return;
        var probe = new GraphProto { Name = "shape-arithmetic" };
        probe.Node.AddRange(folded.Select(n => n.Clone()));
        probe.Initializer.AddRange(folded.SelectMany(n => n.Input).Distinct().Where(small.ContainsKey).Select(i => small[i]));
        probe.Output.AddRange(folded.SelectMany(n => n.Output).Where(o => o.Length > 0).Select(o => new ValueInfoProto { Name = o }));
        var arithmetic = new ModelProto { IrVersion = model.IrVersion, Graph = probe };
        arithmetic.OpsetImport.AddRange(model.OpsetImport.Select(o => o.Clone()));
        using var session = Ort.Session(arithmetic, GraphOptimizationLevel.ORT_DISABLE_ALL);
        using var options = new RunOptions();
        var names = probe.Output.Select(o => o.Name).ToList();
        using var values = Evaluate(session, options, names);
        foreach (var (name, value) in names.Zip(values))
        {
            var info = value.GetTensorTypeAndShape();
            var constant = new TensorProto { Name = name, DataType = (int)info.ElementDataType, RawData = ByteString.CopyFrom(value.GetTensorDataAsSpan<byte>()) };
            constant.Dims.AddRange(info.Shape);
            graph.Initializer.Add(constant);
        }
        foreach (var node in folded) graph.Node.Remove(node);
    }

    static IDisposableReadOnlyCollection<OrtValue> Evaluate(InferenceSession session, RunOptions options, List<string> names)
    {
        try
        {
            return session.Run(options, [], [], names);
        }
        catch (OnnxRuntimeException e)
        {
            throw new DeepDreamException($"ONNX Runtime cannot evaluate the model's shape arithmetic: {e.Message.Split('\n')[0].Trim()}", e);
        }
    }
}
