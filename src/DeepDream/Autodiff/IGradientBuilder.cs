namespace DeepDream.Autodiff;

/// <summary>
/// Appends the ONNX nodes that compute one op's input gradients from its output gradients.
/// One small builder per op type, registered by name in <see cref="GradientRegistry"/>. A builder may
/// re-express its forward node to share work with the backward (MaxPool adds its argmax indices;
/// LRN becomes X · S^−β), keeping the node's outputs and their values.
/// </summary>
internal interface IGradientBuilder
{
    IEnumerable<string> OpTypes { get; }

    void Build(GradientContext c);
}
