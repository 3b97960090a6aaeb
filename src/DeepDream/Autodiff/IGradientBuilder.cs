namespace DeepDream.Autodiff;

/// <summary>
/// Appends the ONNX nodes that compute one op's input gradients from its output gradients.
/// One small builder per op type, registered by name in <see cref="GradientRegistry"/>.
/// </summary>
public interface IGradientBuilder
{
    IEnumerable<string> OpTypes { get; }

    void Build(GradientContext c);
}
