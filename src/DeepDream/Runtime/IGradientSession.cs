namespace DeepDream.Runtime;

/// <summary>Maps an input of one fixed shape to its objective and the objective's gradient, on one engine.</summary>
internal interface IGradientSession : IDisposable
{
    /// <summary>[1, 3, height, width] for images.</summary>
    long[] InputShape { get; }

    /// <summary>Computes the objective of an input (a planar RGB image: 3·H·W values) and writes its gradient.</summary>
    double Run(ReadOnlySpan<float> image, Span<float> imageGradient);

    /// <summary>The objective alone: a forward pass.</summary>
    double Evaluate(ReadOnlySpan<float> image);

    /// <summary>
    /// Whether <see cref="Evaluate"/> costs what a session built without the gradient would (oneDNN's: its forward pass
    /// is the inference pass); ONNX Runtime's value-only graph is the cheaper one.
    /// </summary>
    bool EvaluatesAsCheaply { get; }
}
