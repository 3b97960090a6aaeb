using System.Runtime.InteropServices;
using System.Text.Json;
using DeepDream.Graph;
using DeepDream.Models;
using Onnx;
using AttrType = Onnx.AttributeProto.Types.AttributeType;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepDream.Benchmarks.Peer;

/// <summary>
/// A network's forward graph up to one layer, written for the PyTorch peer (Peer/pytorch_dream.py) without
/// ONNX: the nodes as imported (no gradient, no LRN rewrite: the ops a PyTorch port would run), as a JSON
/// node list, and every float weight in one raw little-endian float32 file. Its input is the dream's own,
/// an RGB 0..255 NCHW image; the model's normalization is inside the graph. Nothing in it depends on the
/// image size (padding is "SAME" or explicit), so one export serves every crop.
/// </summary>
public static class PeerGraph
{
    public static void Write(DreamModel model, string layer, string graphPath, string weightsPath)
    {
        var graph = model.ForImage(224, 224);
        var output = model.Layer(layer).Tensor;
        Pruning.KeepOnly(graph.Graph, [output]);
        var initializers = new List<object>();
        using (var weights = File.Create(weightsPath))
        {
            var offset = 0L;
            foreach (var tensor in graph.Graph.Initializer)
            {
                if (tensor.DataType == (int)DataType.Float)
                {
                    var values = Tensors.ToFloats(tensor);
                    weights.Write(MemoryMarshal.AsBytes(values.AsSpan()));
                    initializers.Add(new { name = tensor.Name, dims = tensor.Dims, type = "float32", offset });
                    offset += values.Length;
                }
                // Shapes and axes: a few integers, inline.
                else initializers.Add(new { name = tensor.Name, dims = tensor.Dims, type = "int64", values = Tensors.ToInt64s(tensor) });
            }
        }
        var json = new
        {
            model = model.Name,
            layer,
            input = DreamModel.ImageInput,
            output,
            initializers,
            nodes = graph.Graph.Node.Select(n => new
            {
                op = n.OpType,
                name = n.Name,
                inputs = n.Input,
                outputs = n.Output,
                attributes = n.Attribute.ToDictionary(a => a.Name, Value),
            }),
        };
        File.WriteAllText(graphPath, JsonSerializer.Serialize(json));
    }

    static object Value(AttributeProto a) => a.Type switch
    {
        AttrType.Int => a.I,
        AttrType.Ints => a.Ints.ToArray(),
        AttrType.Float => a.F,
        AttrType.Floats => a.Floats.ToArray(),
        AttrType.String => a.S.ToStringUtf8(),
        _ => throw new DeepDreamException($"the PyTorch peer cannot take attribute '{a.Name}' of type {a.Type}"),
    };
}
