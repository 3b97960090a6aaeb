using DeepDream.Graph;

namespace DeepDream.Autodiff.Builders;

sealed class IdentityGradient : IGradientBuilder
{
    public IEnumerable<string> OpTypes => ["Identity", "Dropout"];

    public void Build(GradientContext c) => c.SetInputGrad(0, c.Grad);
}

/// <summary>Ops that only rearrange elements in memory order: the gradient takes the input's shape back.</summary>
sealed class ReshapeGradient : IGradientBuilder
{
    public IEnumerable<string> OpTypes => ["Reshape", "Flatten", "Squeeze", "Unsqueeze"];

    public void Build(GradientContext c) =>
        c.SetInputGrad(0, c.G.Node("Reshape", [c.Grad, c.G.Int64s(c.Shape(c.Input(0)))]));
}

sealed class TransposeGradient : IGradientBuilder
{
    public IEnumerable<string> OpTypes => ["Transpose"];

    public void Build(GradientContext c)
    {
        var rank = c.Shape(c.Input(0)).Length;
        var perm = c.Node.GetInts("perm") ?? Enumerable.Range(0, rank).Reverse().Select(i => (long)i).ToArray();
        var inverse = new long[rank];
        for (var i = 0; i < rank; i++) inverse[perm[i]] = i;
        c.SetInputGrad(0, c.G.Node("Transpose", [c.Grad], Attributes.Ints("perm", inverse)));
    }
}

sealed class ConcatGradient : IGradientBuilder
{
    public IEnumerable<string> OpTypes => ["Concat"];

    public void Build(GradientContext c)
    {
        var rank = c.Shape(c.Output(0)).Length;
        var axis = Axis.Normalize(c.Node.GetInt("axis", 0), rank);
        var sizes = c.Node.Input.Select(i => c.Shape(i)[axis]).ToArray();
        var parts = c.G.Nodes("Split", [c.Grad, c.G.Int64s(sizes)], sizes.Length, Attributes.Int("axis", axis));
        for (var i = 0; i < parts.Length; i++) c.SetInputGrad(i, parts[i]);
    }
}

sealed class SplitGradient : IGradientBuilder
{
    public IEnumerable<string> OpTypes => ["Split"];

    public void Build(GradientContext c)
    {
        var axis = Axis.Normalize(c.Node.GetInt("axis", 0), c.Shape(c.Input(0)).Length);
        var parts = Enumerable.Range(0, c.Node.Output.Count).Select(c.OutputGradOrZeros).ToArray();
        c.SetInputGrad(0, c.G.Node("Concat", parts, Attributes.Int("axis", axis)));
    }
}

/// <summary>Constant padding: the gradient is dY with the padding cut away.</summary>
sealed class PadGradient : IGradientBuilder
{
    public IEnumerable<string> OpTypes => ["Pad"];

    public void Build(GradientContext c)
    {
        if (c.Node.GetString("mode", "constant") != "constant") throw c.Unsupported("only constant padding is supported");
        var pads = c.HasInput(1) && c.G.Initializer(c.Input(1)) is { } p ? Tensors.ToInt64s(p)
            : throw c.Unsupported("pads must be a constant");
        var x = c.Shape(c.Input(0));
        var axes = c.HasInput(3) && c.G.Initializer(c.Input(3)) is { } a
            ? Tensors.ToInt64s(a).Select(i => Axis.Normalize(i, x.Length)).ToArray()
            : Enumerable.Range(0, x.Length).ToArray();
        if (pads.Any(v => v < 0)) throw c.Unsupported("negative pads are not supported");
        var starts = pads[..axes.Length];
        var ends = axes.Select((axis, i) => starts[i] + x[axis]).ToArray();
        c.SetInputGrad(0, c.G.Node("Slice", [c.Grad, c.G.Int64s(starts), c.G.Int64s(ends), c.G.Int64s(axes.Select(i => (long)i).ToArray())]));
    }
}

/// <summary>Y = X[starts:ends] along some axes, step 1: dX is dY padded back with zeros where the slice cut.</summary>
sealed class SliceGradient : IGradientBuilder
{
    public IEnumerable<string> OpTypes => ["Slice"];

    public void Build(GradientContext c)
    {
        long[] Constant(int input, string what) => c.G.Initializer(c.Input(input)) is { } t ? Tensors.ToInt64s(t) : throw c.Unsupported($"its {what} must be constants");
        var x = c.Shape(c.Input(0));
        var (starts, ends) = (Constant(1, "starts"), Constant(2, "ends"));
        var axes = c.HasInput(3) ? Constant(3, "axes").Select(a => Axis.Normalize(a, x.Length)).ToArray() : Enumerable.Range(0, starts.Length).ToArray();
        if (c.HasInput(4) && Constant(4, "steps").Any(s => s != 1)) throw c.Unsupported("only steps of 1 are supported");
        var pads = new long[2 * x.Length];
        for (var i = 0; i < axes.Length; i++)
        {
            var dim = x[axes[i]];
            // Slice's own clamping: negative counts from the end, past the end is the end.
            long Clamp(long v) => Math.Clamp(v < 0 ? v + dim : v, 0, dim);
            var (start, end) = (Clamp(starts[i]), Math.Max(Clamp(starts[i]), Clamp(ends[i])));
            (pads[axes[i]], pads[x.Length + axes[i]]) = (start, dim - end);
        }
        c.SetInputGrad(0, c.G.Node("Pad", [c.Grad, c.G.Int64s(pads)]));
    }
}

static class Axis
{
    public static int Normalize(long axis, int rank) => (int)(axis < 0 ? axis + rank : axis);
}
