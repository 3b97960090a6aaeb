using System.Text;

namespace DeepDream;

/// <summary>
/// A user's text as a message quotes it: at most <see cref="Length"/> characters, control characters and halves of
/// surrogate pairs written as U+XXXX, so that a message stays one short line whatever it names — a megabyte of
/// objective is answered with its first words, not echoed back.
/// </summary>
public static class Excerpt
{
    /// <summary>The most characters a message quotes; a longer text is cut there and ends with "…".</summary>
    public const int Length = 40;

    /// <summary>The text as a message quotes it: its first <see cref="Length"/> characters, each as <see cref="Of(char)"/> shows it, and "…" if it goes on.</summary>
    public static string Of(string text)
    {
        var shown = new StringBuilder();
        foreach (var c in text.Length <= Length ? text : text[..Length]) shown.Append(Of(c));
        return text.Length <= Length ? shown.ToString() : shown.Append('…').ToString();
    }

    /// <summary>One character as a message shows it: itself, or U+XXXX for a control character or half a surrogate pair.</summary>
    public static string Of(char c) => char.IsControl(c) || char.IsSurrogate(c) ? $"U+{(int)c:X4}" : c.ToString();
}
