using System.CommandLine;
using System.Reflection;
using DeepDream.Requests;

namespace DeepDream.Cli.Commands;

/// <summary>
/// A request's command-line options, made from its declarations (<see cref="OptionSpecs"/>): each named after its
/// property, its help from its description, range and default, a number checked by its rule (a usage error in the
/// rule's words), a switch that is on by default offered as --no-NAME; and the request read back from a parse.
/// </summary>
/// <param name="except">Options of the request's groups that this command chooses itself (a sheet's tiles' channels).</param>
public sealed class RequestOptions<T>(params string[] except) where T : IOptions, new()
{
    readonly IReadOnlyList<(OptionSpec Spec, Option Option, Func<ParseResult, object?> Read)> options =
        OptionSpecs.Of<T>().For(Fronts.Cli).Where(s => !except.Contains(s.Name)).Select(Make).ToArray();

    public void AddTo(Command command)
    {
        foreach (var (_, option, _) in options) command.Options.Add(option);
    }

    /// <summary>The request, each option not given at its default; its ranges are checked, not yet the rules between options.</summary>
    /// <exception cref="UsageException">A value its type's reader refuses (a layer schedule that is not one).</exception>
    public T Read(ParseResult parsed)
    {
        var request = new T();
        foreach (var (spec, option, read) in options)
            if (parsed.GetResult(option) is { Implicit: false })
            {
                try { spec.Set(request, read(parsed)); }
                catch (DeepDreamException e) { throw new UsageException(e.Message); }
            }
        return request;
    }

    /// <summary>The request, validated: options that do not fit together are a usage error (exit 2), said in the rule's words.</summary>
    public T ReadChecked(ParseResult parsed)
    {
        var request = Read(parsed);
        try { request.Validate(); }
        catch (DeepDreamException e) { throw new UsageException(e.Message); }
        return request;
    }

    static (OptionSpec, Option, Func<ParseResult, object?>) Make(OptionSpec spec)
    {
        var type = spec.Type == typeof(int) || spec.Type == typeof(double) || spec.Type.IsEnum || spec.Type == typeof(bool) ? spec.Type : typeof(string);
        var make = typeof(RequestOptions<T>).GetMethod(nameof(Typed), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(type);
        var (option, read) = ((Option, Func<ParseResult, object?>))make.Invoke(null, [spec])!;
        if (spec.Declared.Alias is { } alias) option.Aliases.Add(alias);
        return (spec, option, read);
    }

    static (Option, Func<ParseResult, object?>) Typed<TValue>(OptionSpec spec)
    {
        var negated = typeof(TValue) == typeof(bool) && spec.Default is true;
        var option = new Option<TValue>(negated ? "--no-" + OptionName.Cli(spec.Name)[2..] : OptionName.Cli(spec.Name)) { Description = Help(spec) };
        if (spec.Type.IsEnum)
        {
            option.HelpName = string.Join('|', spec.Choices!);
            option.CustomParser = r => ParseChoice<TValue>(r, option.Name, spec);
        }
        if (spec.Range is { } range)
            option.Validators.Add(r => { if (r.Tokens.Count > 0 && range.Problem(Convert.ToDouble(r.GetValueOrDefault<TValue>())) is { } message) r.AddError(message); });
        if (spec.Default is { } fallback && !negated) option.DefaultValueFactory = _ => (TValue)fallback;
        return (option, parsed => parsed.GetValue(option) switch
        {
            bool flag => negated ? !flag : flag,
            string text when spec.Type != typeof(string) => spec.Parse(text),
            var value => value,
        });
    }

    /// <summary>System.CommandLine's own message for a bad enum spans several lines; this is one.</summary>
    static TValue ParseChoice<TValue>(System.CommandLine.Parsing.ArgumentResult result, string name, OptionSpec spec)
    {
        var text = result.Tokens[0].Value;
        if (Enum.TryParse(spec.Type, text, ignoreCase: true, out var value) && Enum.IsDefined(spec.Type, value!)) return (TValue)value!;
        result.AddError($"{name} must be one of {string.Join(", ", spec.Choices!)}, not '{Excerpt.Of(text)}'");
        return default!;
    }

    static string Help(OptionSpec spec)
    {
        var custom = spec.Default is null && spec.DefaultText is { } text ? $" (default: {text})" : "";
        return spec.Declared.Description + custom + (spec.Range is { } range ? $" ({range.Bounds})" : "");
    }
}
