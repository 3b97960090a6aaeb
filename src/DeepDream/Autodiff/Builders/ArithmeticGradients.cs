namespace DeepDream.Autodiff.Builders;

sealed class AddGradient : IGradientBuilder
{
    public IEnumerable<string> OpTypes => ["Add", "Sum"];

    public void Build(GradientContext c)
    {
        for (var i = 0; i < c.Node.Input.Count; i++)
            if (c.Wants(i)) c.SetInputGrad(i, c.Unbroadcast(c.Grad, i));
    }
}

sealed class SubGradient : IGradientBuilder
{
    public IEnumerable<string> OpTypes => ["Sub"];

    public void Build(GradientContext c)
    {
        if (c.Wants(0)) c.SetInputGrad(0, c.Unbroadcast(c.Grad, 0));
        if (c.Wants(1)) c.SetInputGrad(1, c.Unbroadcast(c.G.Node("Neg", [c.Grad]), 1));
    }
}

sealed class MulGradient : IGradientBuilder
{
    public IEnumerable<string> OpTypes => ["Mul"];

    public void Build(GradientContext c)
    {
        if (c.Wants(0)) c.SetInputGrad(0, c.Unbroadcast(c.G.Node("Mul", [c.Grad, c.Input(1)]), 0));
        if (c.Wants(1)) c.SetInputGrad(1, c.Unbroadcast(c.G.Node("Mul", [c.Grad, c.Input(0)]), 1));
    }
}

/// <summary>Y = A / B: dA = dY / B, dB = −dY · Y / B.</summary>
sealed class DivGradient : IGradientBuilder
{
    public IEnumerable<string> OpTypes => ["Div"];

    public void Build(GradientContext c)
    {
        var overB = c.G.Node("Div", [c.Grad, c.Input(1)]);
        if (c.Wants(0)) c.SetInputGrad(0, c.Unbroadcast(overB, 0));
        if (c.Wants(1)) c.SetInputGrad(1, c.Unbroadcast(c.G.Node("Neg", [c.G.Node("Mul", [overB, c.Output(0)])]), 1));
    }
}

/// <summary>Y = √X (a layer norm's deviation): dX = dY / 2Y.</summary>
sealed class SqrtGradient : IGradientBuilder
{
    public IEnumerable<string> OpTypes => ["Sqrt"];

    public void Build(GradientContext c) =>
        c.SetInputGrad(0, c.G.Node("Div", [c.Grad, c.G.Node("Mul", [c.Output(0), c.G.Scalar(2)])]));
}

/// <summary>Y = X^B for a constant exponent (a layer norm's square): dX = dY · B · X^(B−1).</summary>
sealed class PowGradient : IGradientBuilder
{
    public IEnumerable<string> OpTypes => ["Pow"];

    public void Build(GradientContext c)
    {
        if (c.Wants(1)) throw c.Unsupported("an exponent that depends on the input is not supported");
        var b = c.Input(1);
        var slope = c.G.Node("Mul", [b, c.G.Node("Pow", [c.Input(0), c.G.Node("Sub", [b, c.G.Scalar(1)])])]);
        c.SetInputGrad(0, c.Unbroadcast(c.G.Node("Mul", [c.Grad, slope]), 0));
    }
}
