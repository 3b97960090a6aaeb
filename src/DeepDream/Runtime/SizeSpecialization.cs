using Onnx;

namespace DeepDream.Runtime;

/// <summary>
/// What a graph specialized to one input size needs before its shapes are inferred or its gradient is built: the
/// exporter's constant arithmetic evaluated, the views it fixed to its traced size made to follow the input, and the
/// shape arithmetic evaluated at this size.
/// </summary>
internal static class SizeSpecialization
{
    public static void Apply(ModelProto model)
    {
        ShapeFolding.FoldConstants(model);
        ExportedReshapes.Generalize(model);
        ShapeFolding.Fold(model);
    }
}
