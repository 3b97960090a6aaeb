using DeepDream.Graph;
using DeepDream.Runtime;
using Onnx;

namespace DeepDream.Benchmarks;

/// <summary>
/// Multiply-add work of a graph, counted from its ops and concrete shapes: 2 FLOPs per multiply-add
/// of every convolution and matrix product. Element-wise ops are left out (memory-bound, small).
/// </summary>
public static class FlopCounter
{
    public static double Count(ModelProto graph)
    {
        var shapes = ShapeInference.Infer(graph);
        double flops = 0;
        foreach (var node in graph.Graph.Node)
        {
            long[] Shape(int i) => shapes.TryGetValue(node.Input[i], out var s) ? s : [];
            switch (node.OpType)
            {
                case "Conv":
                {
                    // Each output element sums (Cin/g)·kh·kw products.
                    var w = Shape(1);
                    flops += 2.0 * Tensors.ElementCount(shapes[node.Output[0]]) * Tensors.ElementCount(w[1..]);
                    break;
                }
                case "ConvTranspose":
                {
                    // Each input element scatters into (Cout/g)·kh·kw outputs.
                    var w = Shape(1);
                    flops += 2.0 * Tensors.ElementCount(Shape(0)) * Tensors.ElementCount(w[1..]);
                    break;
                }
                case "MatMul" or "Gemm":
                {
                    var a = Shape(0);
                    var transA = node.GetInt("transA", 0) == 1;
                    var inner = transA ? a[^2] : a[^1];
                    flops += 2.0 * Tensors.ElementCount(shapes[node.Output[0]]) * inner;
                    break;
                }
            }
        }
        return flops;
    }
}
