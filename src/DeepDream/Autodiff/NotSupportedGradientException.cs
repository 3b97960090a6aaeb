using Onnx;

namespace DeepDream.Autodiff;

/// <summary>Raised instead of ever producing a wrong gradient.</summary>
internal sealed class NotSupportedGradientException(NodeProto node, string what)
    : DeepDreamException($"cannot differentiate node '{node.Name}' ({node.OpType}): {what}")
{
    public string OpType { get; } = node.OpType;
    public string NodeName { get; } = node.Name;
}
