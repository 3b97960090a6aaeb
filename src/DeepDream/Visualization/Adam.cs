namespace DeepDream.Visualization;

/// <summary>
/// The Adam optimizer as TensorFlow's AdamOptimizer (Lucid's default, learning rate 0.05), moving the
/// parameters up the gradient: Lucid minimizes −objective, which takes the same steps.
/// </summary>
internal sealed class Adam(int count, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
{
    readonly double[] m = new double[count];
    readonly double[] v = new double[count];
    int steps;

    public void Ascend(Span<float> parameters, ReadOnlySpan<float> gradient)
    {
        steps++;
        var rate = learningRate * Math.Sqrt(1 - Math.Pow(beta2, steps)) / (1 - Math.Pow(beta1, steps));
        for (var i = 0; i < parameters.Length; i++)
        {
            m[i] = beta1 * m[i] + (1 - beta1) * gradient[i];
            v[i] = beta2 * v[i] + (1 - beta2) * gradient[i] * gradient[i];
            parameters[i] += (float)(rate * m[i] / (Math.Sqrt(v[i]) + epsilon));
        }
    }
}
