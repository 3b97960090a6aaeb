using System.Text;

namespace DeepDream;

/// <summary>
/// A user's text as a message quotes it: at most <see cref="Length"/> characters, control characters and halves of
/// surrogate pairs written as U+XXXX, so that a message stays one short line whatever it names — a megabyte of
/// objective is answered with its first words, not echoed back.
/// </summary>
public static class Excerpt
{
    public const int Length = 40;

    public static string Of(string text)
    {
        var shown = new StringBuilder();
        foreach (var c in text.Length <= Length ? text : text[..Length]) shown.Append(Of(c));
        return text.Length <= Length ? shown.ToString() : shown.Append('…').ToString();
    }

    public static string Of(char c) => char.IsControl(c) || char.IsSurrogate(c) ? $"U+{(int)c:X4}" : c.ToString();
}
