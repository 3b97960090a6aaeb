using DeepDream.Graph;
using DeepDream.Autodiff.Kernels;

namespace DeepDream.Autodiff.Builders;

/// <summary>ReLU: dY where the output is positive, by this project's one-pass kernel.</summary>
sealed class ReluGradient : IGradientBuilder
{
    public IEnumerable<string> OpTypes => ["Relu"];

    public void Build(GradientContext c) =>
        c.SetInputGrad(0, c.G.DomainNode(KernelDomain.Name, ReluGradKernel.Op.Name, [c.Output(0), c.Grad]));
}

sealed class LeakyReluGradient : IGradientBuilder
{
    public IEnumerable<string> OpTypes => ["LeakyRelu"];

    public void Build(GradientContext c)
    {
        var slope = c.G.Node("Mul", [c.Grad, c.G.Scalar(c.Node.GetFloat("alpha", 0.01f))]);
        c.SetInputGrad(0, c.G.Node("Where", [c.G.Node("Greater", [c.Input(0), c.G.Scalar(0)]), c.Grad, slope]));
    }
}

/// <summary>Clip (and Relu6): the gradient passes where the input lies inside [min, max].</summary>
sealed class ClipGradient : IGradientBuilder
{
    public IEnumerable<string> OpTypes => ["Clip"];

    public void Build(GradientContext c)
    {
        if (c.Wants(1) || c.Wants(2)) throw c.Unsupported("bounds that depend on the input are not supported");
        var conditions = new List<string>();
        if (c.HasInput(1)) conditions.Add(c.G.Node("GreaterOrEqual", [c.Input(0), c.Input(1)]));
        if (c.HasInput(2)) conditions.Add(c.G.Node("LessOrEqual", [c.Input(0), c.Input(2)]));
        var inside = conditions.Count switch
        {
            0 => null,
            1 => conditions[0],
            _ => c.G.Node("And", conditions),
        };
        c.SetInputGrad(0, inside is null ? c.Grad : c.G.Node("Where", [inside, c.Grad, c.G.Scalar(0)]));
    }
}

sealed class SigmoidGradient : IGradientBuilder
{
    public IEnumerable<string> OpTypes => ["Sigmoid"];

    public void Build(GradientContext c)
    {
        var y = c.Output(0);
        var slope = c.G.Node("Mul", [y, c.G.Node("Sub", [c.G.Scalar(1), y])]);
        c.SetInputGrad(0, c.G.Node("Mul", [c.Grad, slope]));
    }
}

sealed class TanhGradient : IGradientBuilder
{
    public IEnumerable<string> OpTypes => ["Tanh"];

    public void Build(GradientContext c)
    {
        var y = c.Output(0);
        var slope = c.G.Node("Sub", [c.G.Scalar(1), c.G.Node("Mul", [y, y])]);
        c.SetInputGrad(0, c.G.Node("Mul", [c.Grad, slope]));
    }
}

/// <summary>HardSigmoid, y = max(0, min(1, αx + β)): dX = α·dY where 0 &lt; αx + β &lt; 1 (MobileNetV3's squeeze-excite gate).</summary>
sealed class HardSigmoidGradient : IGradientBuilder
{
    public IEnumerable<string> OpTypes => ["HardSigmoid"];

    public void Build(GradientContext c)
    {
        var alpha = c.Node.GetFloat("alpha", 0.2f);
        var y = c.Output(0);
        var inside = c.G.Node("And", [c.G.Node("Greater", [y, c.G.Scalar(0)]), c.G.Node("Less", [y, c.G.Scalar(1)])]);
        c.SetInputGrad(0, c.G.Node("Where", [inside, c.G.Node("Mul", [c.Grad, c.G.Scalar(alpha)]), c.G.Scalar(0)]));
    }
}

/// <summary>HardSwish, y = x·max(0, min(1, x/6 + 1/2)): dX = dY·(x/3 + 1/2) between −3 and 3, dY above, 0 below (MobileNetV3).</summary>
sealed class HardSwishGradient : IGradientBuilder
{
    public IEnumerable<string> OpTypes => ["HardSwish"];

    public void Build(GradientContext c)
    {
        var x = c.Input(0);
        var slope = c.G.Node("Add", [c.G.Node("Div", [x, c.G.Scalar(3)]), c.G.Scalar(0.5f)]);
        var middle = c.G.Node("Where", [c.G.Node("Less", [x, c.G.Scalar(3)]), slope, c.G.Scalar(1)]);
        var whole = c.G.Node("Where", [c.G.Node("Greater", [x, c.G.Scalar(-3)]), middle, c.G.Scalar(0)]);
        c.SetInputGrad(0, c.G.Node("Mul", [c.Grad, whole]));
    }
}

/// <summary>Erf (GELU's, in ConvNeXt and transformers): dX = dY · 2/√π · e^(−x²).</summary>
sealed class ErfGradient : IGradientBuilder
{
    public IEnumerable<string> OpTypes => ["Erf"];

    public void Build(GradientContext c)
    {
        var x = c.Input(0);
        var bell = c.G.Node("Exp", [c.G.Node("Neg", [c.G.Node("Mul", [x, x])])]);
        c.SetInputGrad(0, c.G.Node("Mul", [c.Grad, c.G.Node("Mul", [bell, c.G.Scalar((float)(2 / Math.Sqrt(Math.PI)))])]));
    }
}
