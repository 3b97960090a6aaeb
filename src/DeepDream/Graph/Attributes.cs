using Google.Protobuf;
using Onnx;
using AttrType = Onnx.AttributeProto.Types.AttributeType;

namespace DeepDream.Graph;

/// <summary>Reads and writes ONNX node attributes.</summary>
internal static class Attributes
{
    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttrType.Int, I = value };
    public static AttributeProto Float(string name, float value) => new() { Name = name, Type = AttrType.Float, F = value };
    public static AttributeProto String(string name, string value) => new() { Name = name, Type = AttrType.String, S = ByteString.CopyFromUtf8(value) };

    public static AttributeProto Ints(string name, IEnumerable<long> values)
    {
        var a = new AttributeProto { Name = name, Type = AttrType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    public static AttributeProto Ints(string name, IEnumerable<int> values) => Ints(name, values.Select(v => (long)v));

    public static AttributeProto? Find(this NodeProto node, string name) => node.Attribute.FirstOrDefault(a => a.Name == name);

    public static long GetInt(this NodeProto node, string name, long fallback) => node.Find(name)?.I ?? fallback;

    public static float GetFloat(this NodeProto node, string name, float fallback) => node.Find(name)?.F ?? fallback;

    public static string GetString(this NodeProto node, string name, string fallback) =>
        node.Find(name) is { } a ? a.S.ToStringUtf8() : fallback;

    public static long[]? GetInts(this NodeProto node, string name) => node.Find(name)?.Ints.ToArray();

    public static void Remove(this NodeProto node, string name)
    {
        if (node.Find(name) is { } a) node.Attribute.Remove(a);
    }

    public static void Set(this NodeProto node, AttributeProto attribute)
    {
        node.Remove(attribute.Name);
        node.Attribute.Add(attribute);
    }
}
