using System.Reflection;

namespace DeepDream.Autodiff;

/// <summary>The gradient builders, by op type. Every <see cref="IGradientBuilder"/> in this assembly registers itself.</summary>
internal sealed class GradientRegistry
{
    readonly Dictionary<string, IGradientBuilder> builders = [];

    public static GradientRegistry Default { get; } = new(typeof(GradientRegistry).Assembly
        .GetTypes()
        .Where(t => typeof(IGradientBuilder).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
        .Select(t => (IGradientBuilder)Activator.CreateInstance(t)!));

    public GradientRegistry(IEnumerable<IGradientBuilder> all)
    {
        foreach (var b in all)
            foreach (var op in b.OpTypes)
                builders.Add(op, b);
    }

    public IGradientBuilder? Find(string opType) => builders.GetValueOrDefault(opType);

    /// <summary>Ops whose outputs never carry a gradient (shapes, comparisons, indices).</summary>
    public static bool IsConstantValued(string opType) => opType is
        "Shape" or "Size" or "ConstantOfShape" or "Constant" or "ArgMax" or "ArgMin" or "Greater" or "Less"
        or "Equal" or "GreaterOrEqual" or "LessOrEqual" or "Not" or "And" or "Or" or "NonZero" or "Range" or "EyeLike";
}
