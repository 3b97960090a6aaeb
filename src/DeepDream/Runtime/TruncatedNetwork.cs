using DeepDream.Graph;
using Onnx;

namespace DeepDream.Runtime;

/// <summary>
/// The network cut at the objective's layers and specialized to its input size, with every tensor's shape: what
/// either engine runs. Made once per session build; the ONNX Runtime session extends the graph in place, so it
/// is the last to use one.
/// </summary>
internal sealed record TruncatedNetwork(ModelProto Graph, Dictionary<string, long[]> Shapes)
{
    public static TruncatedNetwork Of(ModelProto model, IObjective objective)
    {
        var graph = GraphCopy.SharingWeights(model);
        Pruning.KeepOnly(graph.Graph, objective.Tensors);
        SizeSpecialization.Apply(graph);
        return new(graph, ShapeInference.InferSpecialized(graph));
    }
}
