using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace DeepDream.Imaging;

/// <summary>PNG text entries (iTXt chunks, UTF-8): how a dream carries the parameters that made it.</summary>
public static class PngText
{
    static ReadOnlySpan<byte> Signature => [137, 80, 78, 71, 13, 10, 26, 10];

    /// <summary>Returns the PNG with one iTXt chunk per entry, placed right after the header chunk.</summary>
    public static byte[] Insert(byte[] png, IReadOnlyDictionary<string, string> entries)
    {
        var afterHeader = Signature.Length + 12 + BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(Signature.Length));
        using var output = new MemoryStream();
        output.Write(png, 0, afterHeader);
        foreach (var (key, value) in entries)
            WriteChunk(output, "iTXt", [.. Encoding.Latin1.GetBytes(key), 0, 0, 0, 0, 0, .. Encoding.UTF8.GetBytes(value)]);
        output.Write(png, afterHeader, png.Length - afterHeader);
        return output.ToArray();
    }

    /// <summary>The text entries (tEXt and uncompressed iTXt) of a PNG file.</summary>
    public static Dictionary<string, string> Read(string path)
    {
        if (!File.Exists(path)) throw new DeepDreamException($"'{path}' does not exist; check the path");
        var png = File.ReadAllBytes(path);
        if (png.Length < Signature.Length || !png.AsSpan(0, Signature.Length).SequenceEqual(Signature))
            throw new DeepDreamException($"'{path}' is not a PNG file; only PNG dreams carry their parameters");
        var entries = new Dictionary<string, string>();
        for (var at = Signature.Length; at + 12 <= png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            if (length < 0 || at + 12 + length > png.Length) break;
            var type = Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            var keyEnd = data.IndexOf((byte)0);
            if (keyEnd > 0 && type == "tEXt")
                entries[Encoding.Latin1.GetString(data[..keyEnd])] = Encoding.Latin1.GetString(data[(keyEnd + 1)..]);
            else if (keyEnd > 0 && type == "iTXt" && data.Length > keyEnd + 2 && data[keyEnd + 1] == 0)
            {
                // keyword \0 compression-flag method language \0 translated-keyword \0 text
                var rest = data[(keyEnd + 3)..];
                var language = rest.IndexOf((byte)0);
                var translated = language < 0 ? -1 : rest[(language + 1)..].IndexOf((byte)0);
                if (translated >= 0)
                    entries[Encoding.Latin1.GetString(data[..keyEnd])] = Encoding.UTF8.GetString(rest[(language + translated + 2)..]);
            }
            at += 12 + length;
        }
        return entries;
    }

    static void WriteChunk(Stream output, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        byte[] typed = [.. Encoding.ASCII.GetBytes(type), .. data];
        output.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.HashToUInt32(typed));
        output.Write(word);
    }
}
