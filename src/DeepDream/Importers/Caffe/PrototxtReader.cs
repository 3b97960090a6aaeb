using System.Globalization;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace DeepDream.Importers.Caffe;

/// <summary>
/// Reads protocol buffers' text format, as Caffe's .prototxt definitions are written, into any message, by its
/// descriptor (Google.Protobuf for .NET reads only binary and JSON). Fields our messages leave out are skipped,
/// blocks and all: a deploy file names fillers, learning rates and engines a dream never needs. Any damage is one
/// line naming the place, never another exception.
/// </summary>
internal static class Prototxt
{
    const int MaxDepth = 100;

    public static T ParseFile<T>(string path) where T : IMessage<T>, new()
    {
        if (!File.Exists(path)) throw new DeepDreamException($"'{path}' does not exist; check the path");
        return Parse<T>(File.ReadAllText(path), Path.GetFileName(path));
    }

    /// <param name="source">How messages name the text ("'deploy.prototxt'").</param>
    public static T Parse<T>(string text, string source) where T : IMessage<T>, new()
    {
        var message = new T();
        var reader = new Reader(text, source);
        reader.Fields(message, depth: 0, closing: false);
        return message;
    }

    sealed class Reader(string text, string source)
    {
        int at;

        public void Fields(IMessage message, int depth, bool closing)
        {
            if (depth > MaxDepth) throw Fail($"blocks nest deeper than {MaxDepth}");
            while (true)
            {
                Skip();
                if (at >= text.Length)
                {
                    if (closing) throw Fail("expected '}' or a field name, found the end of the file");
                    return;
                }
                if (text[at] == '}')
                {
                    if (!closing) throw Fail("found '}' with no block to close");
                    at++;
                    return;
                }
                var name = Identifier();
                var field = message.Descriptor.FindFieldByName(name);
                Skip();
                var colon = Accept(':');
                Skip();
                if (Peek('[')) List(message, field, name, depth);
                else Value(message, field, name, depth, colon);
                Skip();
                if (!Accept(';')) Accept(',');
            }
        }

        void List(IMessage message, FieldDescriptor? field, string name, int depth)
        {
            at++;
            Skip();
            if (Accept(']')) return;
            while (true)
            {
                Value(message, field, name, depth, colon: true);
                Skip();
                if (Accept(']')) return;
                if (!Accept(',')) throw Fail("expected ',' or ']' in a list");
                Skip();
            }
        }

        void Value(IMessage message, FieldDescriptor? field, string name, int depth, bool colon)
        {
            if (Peek('{') || Peek('<'))
            {
                var close = text[at] == '{' ? '}' : '>';
                at++;
                if (field is null) { SkipBlock(close, depth + 1); return; }
                if (field.FieldType != FieldType.Message) throw Fail($"'{name}' takes a value, not a block");
                var nested = (IMessage)Activator.CreateInstance(field.MessageType.ClrType)!;
                if (close == '>') throw Fail("'<' blocks are not supported; write '{'");
                Fields(nested, depth + 1, closing: true);
                Store(message, field, nested);
                return;
            }
            if (!colon) throw Fail($"expected ':' after '{name}'");
            var token = Scalar();
            if (field is null) return;
            Store(message, field, field.FieldType switch
            {
                FieldType.String => token.Quoted ? token.Text : throw Fail($"'{name}' takes a quoted string"),
                FieldType.Bool => token.Text switch { "true" or "True" or "t" or "1" => true, "false" or "False" or "f" or "0" => false, _ => throw Fail($"'{name}' takes true or false") },
                FieldType.Float => (float)Number(token, name),
                FieldType.Double => Number(token, name),
                FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => (int)Integer(token, name, int.MinValue, int.MaxValue),
                FieldType.UInt32 or FieldType.Fixed32 => (uint)Integer(token, name, 0, uint.MaxValue),
                FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => Integer(token, name, long.MinValue, long.MaxValue),
                FieldType.Enum => Enumeration(field, token, name),
                FieldType.Message => throw Fail($"'{name}' takes a block in braces"),
                _ => throw Fail($"'{name}' is of a type this reader does not read"),
            });
        }

        static void Store(IMessage message, FieldDescriptor field, object value)
        {
            if (field.IsRepeated) ((System.Collections.IList)field.Accessor.GetValue(message)).Add(value);
            else field.Accessor.SetValue(message, value);
        }

        object Enumeration(FieldDescriptor field, (string Text, bool Quoted) token, string name)
        {
            if (token.Quoted) throw Fail($"'{name}' takes a name or a number, not a quoted string");
            var value = field.EnumType.FindValueByName(token.Text)
                ?? (int.TryParse(token.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? field.EnumType.FindValueByNumber(number) : null);
            if (value is null) throw Fail($"'{name}' has no value '{Excerpt.Of(token.Text)}'");
            return Enum.ToObject(field.EnumType.ClrType, value.Number);
        }

        double Number((string Text, bool Quoted) token, string name) =>
            token.Quoted ? throw Fail($"'{name}' takes a number, not a quoted string")
            : double.TryParse(token.Text.TrimEnd('f', 'F'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                ? value : throw Fail($"'{name}' takes a number, not '{Excerpt.Of(token.Text)}'");

        long Integer((string Text, bool Quoted) token, string name, long min, long max) =>
            token.Quoted ? throw Fail($"'{name}' takes a whole number, not a quoted string")
            : long.TryParse(token.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
                ? value : throw Fail($"'{name}' takes a whole number between {min} and {max}, not '{Excerpt.Of(token.Text)}'");

        /// <summary>An unknown field's block: skipped whole, nested blocks and strings included.</summary>
        void SkipBlock(char close, int depth)
        {
            if (depth > MaxDepth) throw Fail($"blocks nest deeper than {MaxDepth}");
            while (true)
            {
                Skip();
                if (at >= text.Length) throw Fail($"expected '{close}', found the end of the file");
                var c = text[at];
                if (c == close) { at++; return; }
                if (c is '{' or '<') { at++; SkipBlock(c == '{' ? '}' : '>', depth + 1); }
                else if (c is '"' or '\'') Scalar();
                else at++;
            }
        }

        string Identifier()
        {
            var start = at;
            // A name starts with a letter or '_', so that damage such as '3: 4' is reported, not skipped as an unknown field.
            if (at < text.Length && char.IsAsciiDigit(text[at])) throw Fail($"expected a field name, found '{text[at]}'");
            while (at < text.Length && (char.IsAsciiLetterOrDigit(text[at]) || text[at] is '_' or '.')) at++;
            return at > start ? text[start..at] : throw Fail($"expected a field name, found '{Excerpt.Of(text[at])}'");
        }

        (string Text, bool Quoted) Scalar()
        {
            if (at >= text.Length) throw Fail("expected a value, found the end of the file");
            if (text[at] is '"' or '\'')
            {
                var quoted = new StringBuilder();
                // Adjacent strings join, as in C.
                while (at < text.Length && text[at] is '"' or '\'')
                {
                    quoted.Append(QuotedString());
                    Skip();
                }
                return (quoted.ToString(), true);
            }
            var start = at;
            while (at < text.Length && (char.IsAsciiLetterOrDigit(text[at]) || text[at] is '_' or '.' or '-' or '+')) at++;
            return at > start ? (text[start..at], false) : throw Fail($"expected a value, found '{Excerpt.Of(text[at])}'");
        }

        string QuotedString()
        {
            var quote = text[at++];
            var bytes = new List<byte>();
            while (true)
            {
                if (at >= text.Length || text[at] == '\n') throw Fail("a string is not closed on its line");
                var c = text[at++];
                if (c == quote) return Encoding.UTF8.GetString([.. bytes]);
                if (c != '\\')
                {
                    // A character beyond U+FFFF is two chars; encoded one at a time, each would turn into U+FFFD.
                    var count = char.IsHighSurrogate(c) && at < text.Length && char.IsLowSurrogate(text[at]) ? 2 : 1;
                    bytes.AddRange(Encoding.UTF8.GetBytes(text, at - 1, count));
                    at += count - 1;
                    continue;
                }
                if (at >= text.Length) throw Fail("a string ends in the middle of an escape");
                var e = text[at++];
                if (e is >= '0' and <= '7')
                {
                    var value = e - '0';
                    for (var i = 0; i < 2 && at < text.Length && text[at] is >= '0' and <= '7'; i++) value = value * 8 + (text[at++] - '0');
                    bytes.Add((byte)value);
                    continue;
                }
                bytes.Add(e switch
                {
                    'n' => (byte)'\n', 't' => (byte)'\t', 'r' => (byte)'\r', 'a' => 7, 'b' => 8, 'f' => 12, 'v' => 11,
                    '\\' or '\'' or '"' or '?' => (byte)e,
                    _ => throw Fail($"'\\{Excerpt.Of(e)}' is not an escape a string may hold"),
                });
            }
        }

        /// <summary>Passes over white space and '#' comments.</summary>
        void Skip()
        {
            while (at < text.Length)
            {
                if (char.IsWhiteSpace(text[at])) at++;
                else if (text[at] == '#') while (at < text.Length && text[at] != '\n') at++;
                else return;
            }
        }

        bool Peek(char c) => at < text.Length && text[at] == c;

        bool Accept(char c)
        {
            if (!Peek(c)) return false;
            at++;
            return true;
        }

        public DeepDreamException Fail(string problem)
        {
            var line = 1 + text.AsSpan(0, Math.Min(at, text.Length)).Count('\n');
            var column = at - (text.LastIndexOf('\n', Math.Max(0, Math.Min(at, text.Length) - 1)) + 1) + 1;
            return new DeepDreamException($"'{source}' line {line}, column {column}: {problem}");
        }
    }
}
