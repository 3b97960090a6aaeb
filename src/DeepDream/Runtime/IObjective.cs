using DeepDream.Graph;

namespace DeepDream.Runtime;

/// <summary>
/// What a dream maximizes, as graph nodes appended after the network's layers: a float64 scalar
/// value and the gradient of that value at each layer it reads.
/// </summary>
public interface IObjective
{
    /// <summary>Identifies the objective for session caching: equal keys build equal graphs.</summary>
    string Key { get; }

    /// <summary>The network tensors the objective reads.</summary>
    IReadOnlyCollection<string> Tensors { get; }

    internal ObjectiveNodes Emit(GraphEditor g, IReadOnlyDictionary<string, long[]> shapes);
}

/// <param name="Value">A float64 scalar tensor.</param>
/// <param name="Seeds">
/// Gradients to inject, as (tensor, gradient): d value / d tensor at a layer, or a weight at a scalar the objective
/// wrote for the autodiff to differentiate (its graph from the layers is carried back like the network's).
/// </param>
internal sealed record ObjectiveNodes(string Value, IReadOnlyList<(string Tensor, string Gradient)> Seeds);
