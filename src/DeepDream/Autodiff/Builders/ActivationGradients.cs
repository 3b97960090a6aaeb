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
