using DeepDream.Graph;
using DeepDream.Runtime;

namespace DeepDream.Tests.Support;

/// <summary>Σ R·T for a fixed random R: a test objective whose seed gradient R reaches every element.</summary>
sealed class WeightedSum(string tensor, int seed) : IObjective
{
    public string Key => $"weighted({tensor},{seed})";

    public IReadOnlyCollection<string> Tensors => [tensor];

    public ObjectiveNodes Emit(GraphEditor g, IReadOnlyDictionary<string, long[]> shapes)
    {
        var shape = shapes[tensor];
        var random = new Random(seed);
        var weights = g.Floats(Enumerable.Range(0, (int)DeepDream.Graph.Tensors.ElementCount(shape)).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray(), shape);
        const long toDouble = (long)Onnx.TensorProto.Types.DataType.Double;
        var product = g.Node("Mul", [g.Node("Cast", [tensor], Attributes.Int("to", toDouble)), g.Node("Cast", [weights], Attributes.Int("to", toDouble))]);
        return new(g.Node("ReduceSum", [product], Attributes.Int("keepdims", 0)), [(tensor, weights)]);
    }
}
