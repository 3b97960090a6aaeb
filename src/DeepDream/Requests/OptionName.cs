using System.Text.Json;

namespace DeepDream.Requests;

/// <summary>
/// An option's spellings, all made from its property's name so that a new option brings no list of names
/// to keep in step: OctaveScale is --octave-scale on the command line, octaveScale in the studio's form
/// fields and API, and "octave scale" in messages.
/// </summary>
public static class OptionName
{
    /// <summary>The command line's spelling: OctaveScale is --octave-scale.</summary>
    public static string Cli(string property) => "--" + Kebab(property);

    /// <summary>The studio's form field and API name: OctaveScale is octaveScale.</summary>
    public static string Field(string property) => JsonNamingPolicy.CamelCase.ConvertName(property);

    /// <summary>How messages name the option: OctaveScale is "octave scale".</summary>
    public static string Words(string property) => Kebab(property).Replace('-', ' ');

    static string Kebab(string property) => JsonNamingPolicy.KebabCaseLower.ConvertName(property);
}
