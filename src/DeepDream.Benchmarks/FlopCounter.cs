using DeepDream.Graph;
using DeepDream.Runtime;
using DeepDream.Models;
using Onnx;

namespace DeepDream.Benchmarks;

/// <summary>
/// Multiply-add work of a graph, counted from its ops and concrete shapes: 2 FLOPs per multiply-add
/// of every convolution and matrix product. Element-wise ops are left out (memory-bound, small).
/// Constant weights that are exactly zero do no work (LRN's window sum is a Conv with a band of weights).
/// </summary>
public static class FlopCounter
{
    /// <summary>
    /// The work of one gradient iteration: twice the forward pass's (the forward pass, and the
    /// transposed pass that carries the gradient back to the image). Counted on the forward graph,
    /// so it is what any engine has to do, not what ours happens to do (its phase Convs multiply zeros).
    /// </summary>
    public static double GradientIteration(ModelProto network, IObjective objective, string input = DreamModel.ImageInput) =>
        2 * Count(GradientSession.BuildGraph(network, input, objective, withGradient: false));

    public static double Count(ModelProto graph)
    {
        var shapes = ShapeInference.Infer(graph);
        var initializers = graph.Graph.Initializer.ToDictionary(t => t.Name);
        double flops = 0;
        foreach (var node in graph.Graph.Node)
        {
            long[] Shape(int i) => shapes.TryGetValue(node.Input[i], out var s) ? s : [];
            switch (node.OpType)
            {
                case "Conv":
                {
                    // Each output pixel of filter o sums (Cin/g)·kh·kw products: over all filters, one per weight.
                    var output = shapes[node.Output[0]];
                    flops += 2.0 * output[0] * Tensors.ElementCount(output[2..]) * Weights(node.Input[1], Shape(1));
                    break;
                }
                case "ConvTranspose":
                {
                    // Each input pixel of channel i scatters through that channel's (Cout/g)·kh·kw weights.
                    var input = Shape(0);
                    flops += 2.0 * input[0] * Tensors.ElementCount(input[2..]) * Weights(node.Input[1], Shape(1));
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

        double Weights(string name, long[] shape) => initializers.TryGetValue(name, out var w)
            ? Tensors.ToFloats(w).Count(v => v != 0)
            : Tensors.ElementCount(shape);
    }
}
