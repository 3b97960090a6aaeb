using System.Runtime.InteropServices;
using TfTensor = DeepDream.Importers.TensorFlow.Proto.TensorProto;
using DataType = DeepDream.Importers.TensorFlow.Proto.DataType;

namespace DeepDream.Importers.TensorFlow;

/// <summary>
/// Reads the values of a TensorFlow Const, checked against its declared shape: a damaged file
/// must not become a wrong weight, a huge allocation or an index out of range.
/// </summary>
static class TfTensors
{
    /// <summary>Far above any real network's largest weight (inception5h's is 1 M values), far below what would exhaust memory.</summary>
    const long MaxElements = 256L << 20;

    public static long[] Dims(TfNode node, TfTensor tensor)
    {
        var dims = tensor.TensorShape?.Dim.Select(d => d.Size).ToArray() ?? [];
        if (dims.Length > 8 || dims.Any(d => d < 0) || dims.Aggregate(1.0, (a, d) => a * d) > MaxElements)
            throw node.Fail($"holds a constant of shape [{string.Join(", ", dims)}], which is not a valid weight shape");
        return dims;
    }

    public static float[] Floats(TfNode node, TfTensor tensor)
    {
        if (tensor.Dtype != DataType.DtFloat) throw node.Fail($"holds a {tensor.Dtype} constant where float32 weights are needed");
        var count = Count(node, tensor);
        if (!tensor.TensorContent.IsEmpty)
            return tensor.TensorContent.Length == count * sizeof(float)
                ? MemoryMarshal.Cast<byte, float>(tensor.TensorContent.Span).ToArray()
                : throw SizeMismatch(node, tensor.TensorContent.Length, count * sizeof(float));
        return Expand(node, tensor.FloatVal.ToArray(), count);
    }

    public static long[] Ints(TfNode node, TfTensor tensor)
    {
        var count = Count(node, tensor);
        return tensor.Dtype switch
        {
            DataType.DtInt32 when !tensor.TensorContent.IsEmpty => tensor.TensorContent.Length == count * sizeof(int)
                ? [.. MemoryMarshal.Cast<byte, int>(tensor.TensorContent.Span).ToArray().Select(v => (long)v)]
                : throw SizeMismatch(node, tensor.TensorContent.Length, count * sizeof(int)),
            DataType.DtInt32 => Expand(node, [.. tensor.IntVal.Select(v => (long)v)], count),
            DataType.DtInt64 when !tensor.TensorContent.IsEmpty => tensor.TensorContent.Length == count * sizeof(long)
                ? MemoryMarshal.Cast<byte, long>(tensor.TensorContent.Span).ToArray()
                : throw SizeMismatch(node, tensor.TensorContent.Length, count * sizeof(long)),
            DataType.DtInt64 => Expand(node, [.. tensor.Int64Val], count),
            _ => throw node.Fail($"holds a {tensor.Dtype} constant where integers are needed"),
        };
    }

    static long Count(TfNode node, TfTensor tensor) => Dims(node, tensor).Aggregate(1L, (a, d) => a * d);

    /// <summary>TensorFlow stores a constant filled with one value as that value alone, and zeros as nothing.</summary>
    static T[] Expand<T>(TfNode node, T[] values, long count) where T : struct => values.Length switch
    {
        _ when values.Length == count => values,
        0 => new T[count],
        1 => Enumerable.Repeat(values[0], (int)count).ToArray(),
        _ => throw node.Fail($"holds {values.Length} values for a constant of {count}"),
    };

    static DeepDreamException SizeMismatch(TfNode node, long bytes, long expected) =>
        node.Fail($"holds {bytes} bytes of data for a constant of {expected} bytes");
}
