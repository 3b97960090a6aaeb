using DeepDream.Graph;

namespace DeepDream.Autodiff.Builders;

/// <summary>Y = α·op(A)·op(B) + β·C, where op transposes when transA / transB is set.</summary>
sealed class GemmGradient : IGradientBuilder
{
    public IEnumerable<string> OpTypes => ["Gemm"];

    public void Build(GradientContext c)
    {
        var alpha = Attributes.Float("alpha", c.Node.GetFloat("alpha", 1f));
        var transA = c.Node.GetInt("transA", 0) == 1;
        var transB = c.Node.GetInt("transB", 0) == 1;
        var (a, b, dy) = (c.Input(0), c.Input(1), c.Grad);
        if (c.Wants(0))
            c.SetInputGrad(0, transA
                ? Gemm(c, b, dy, alpha, transB, true)      // dA = α·op(B)·dYᵀ
                : Gemm(c, dy, b, alpha, false, !transB));  // dA = α·dY·op(B)ᵀ
        if (c.Wants(1))
            c.SetInputGrad(1, transB
                ? Gemm(c, dy, a, alpha, true, transA)      // dB = α·dYᵀ·op(A)
                : Gemm(c, a, dy, alpha, !transA, false));  // dB = α·op(A)ᵀ·dY
        if (c.Wants(2))
            c.SetInputGrad(2, c.Unbroadcast(c.G.Node("Mul", [dy, c.G.Scalar(c.Node.GetFloat("beta", 1f))]), 2));
    }

    static string Gemm(GradientContext c, string a, string b, Onnx.AttributeProto alpha, bool transA, bool transB) =>
        c.G.Node("Gemm", [a, b], alpha, Attributes.Int("transA", transA ? 1 : 0), Attributes.Int("transB", transB ? 1 : 0));
}

/// <summary>Batched matrix product with broadcasting over the leading axes.</summary>
sealed class MatMulGradient : IGradientBuilder
{
    public IEnumerable<string> OpTypes => ["MatMul"];

    public void Build(GradientContext c)
    {
        var y = c.Shape(c.Output(0));
        if (c.Shape(c.Input(0)).Length < 2 || c.Shape(c.Input(1)).Length < 2) throw c.Unsupported("1-D operands are not supported");
        if (c.Wants(0))
            c.SetInputGrad(0, c.Unbroadcast(c.G.Node("MatMul", [c.Grad, SwapLast(c, c.Input(1))]), 0, [.. y[..^2], .. c.Shape(c.Input(0))[^2..]]));
        if (c.Wants(1))
            c.SetInputGrad(1, c.Unbroadcast(c.G.Node("MatMul", [SwapLast(c, c.Input(0)), c.Grad]), 1, [.. y[..^2], .. c.Shape(c.Input(1))[^2..]]));
    }

    static string SwapLast(GradientContext c, string tensor)
    {
        var rank = c.Shape(tensor).Length;
        var perm = Enumerable.Range(0, rank).Select(i => (long)i).ToArray();
        (perm[^1], perm[^2]) = (perm[^2], perm[^1]);
        return c.G.Node("Transpose", [tensor], Attributes.Ints("perm", perm));
    }
}

sealed class SoftmaxGradient : IGradientBuilder
{
    public IEnumerable<string> OpTypes => ["Softmax"];

    /// <summary>dX = Y · (dY − Σ_axis dY·Y).</summary>
    public void Build(GradientContext c)
    {
        var y = c.Output(0);
        var axis = Axis.Normalize(c.Node.GetInt("axis", -1), c.Shape(y).Length);
        var dot = c.G.Node("ReduceSum", [c.G.Node("Mul", [c.Grad, y]), c.G.Int64s(axis)], Attributes.Int("keepdims", 1));
        c.SetInputGrad(0, c.G.Node("Mul", [y, c.G.Node("Sub", [c.Grad, dot])]));
    }
}
