using System.Collections.Concurrent;
using System.Reflection;

namespace DeepDream.Requests;

/// <summary>
/// The declared options of a request or options record, read once from its properties: its own, and flat beside
/// them those of its option groups (<see cref="OptionGroupAttribute"/>), in declaration order.
/// </summary>
public sealed class OptionSpecs
{
    static readonly ConcurrentDictionary<Type, OptionSpecs> Known = new();

    readonly Dictionary<string, OptionSpec> byName;

    OptionSpecs(Type type)
    {
        Type = type;
        var defaults = Activator.CreateInstance(type) ?? throw new InvalidOperationException($"{type.Name} has no parameterless constructor");
        All = Declared(type, []).Select(d => new OptionSpec(d.Path, d.Option, defaults)).ToArray();
        byName = All.ToDictionary(s => s.Name);
    }

    /// <summary>The options of a request or options record type, read once and kept; a new instance gives their defaults.</summary>
    public static OptionSpecs Of(Type type) => Known.GetOrAdd(type, t => new OptionSpecs(t));

    /// <inheritdoc cref="Of(Type)"/>
    public static OptionSpecs Of<T>() where T : IOptions, new() => Of(typeof(T));

    /// <summary>The record type they were read from.</summary>
    public Type Type { get; }

    /// <summary>Every option, its groups' among the record's own, in declaration order.</summary>
    public IReadOnlyList<OptionSpec> All { get; }

    /// <summary>Those a front end offers.</summary>
    public IEnumerable<OptionSpec> For(Fronts front) => All.Where(s => s.Declared.Fronts.HasFlag(front));

    /// <summary>The option declared on the property of that name (OctaveScale), the record's own or a group's.</summary>
    /// <exception cref="KeyNotFoundException">No option has that name.</exception>
    public OptionSpec this[string property] => byName[property];

    /// <summary>A new request with each option's default.</summary>
    public object New() => Activator.CreateInstance(Type)!;

    /// <summary>Checks every option's range and choices, then the rules between them.</summary>
    /// <exception cref="DeepDreamException">The first problem, in its option's words.</exception>
    public void Validate(object request)
    {
        foreach (var spec in All)
            if (spec.Problem(spec.Get(request)) is { } problem) throw new DeepDreamException(problem);
        ((IOptions)request).Validate();
    }

    /// <summary>Checks only the ranges of the record's own options (not its groups'): what a record's Validate starts with.</summary>
    public void CheckOwn(object request)
    {
        foreach (var spec in All.Where(s => !s.InGroup))
            if (spec.Problem(spec.Get(request)) is { } problem) throw new DeepDreamException(problem);
    }

    /// <summary>Checks the studio's caps, for a request that passed <see cref="Validate"/>.</summary>
    public void CheckStudio(object request)
    {
        foreach (var spec in For(Fronts.Studio))
            if (spec.StudioProblem(spec.Get(request)) is { } problem) throw new DeepDreamException(problem);
    }

    static IEnumerable<(PropertyInfo[] Path, OptionAttribute Option)> Declared(Type type, PropertyInfo[] above)
    {
        foreach (var property in type.GetProperties(BindingFlags.Instance | BindingFlags.Public))
        {
            PropertyInfo[] path = [.. above, property];
            if (property.GetCustomAttribute<OptionAttribute>() is { } option) yield return (path, option);
            else if (property.GetCustomAttribute<OptionGroupAttribute>() is not null)
                foreach (var inner in Declared(property.PropertyType, path)) yield return inner;
        }
    }
}
