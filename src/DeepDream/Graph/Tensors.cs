using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepDream.Graph;

/// <summary>Converts between ONNX TensorProto and .NET arrays.</summary>
internal static class Tensors
{
    /// <summary>A float tensor named <paramref name="name"/> of shape <paramref name="dims"/> (none: a scalar), values row-major.</summary>
    public static TensorProto Float(string name, float[] values, params long[] dims)
    {
        var t = new TensorProto { Name = name, DataType = (int)DataType.Float, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) };
        t.Dims.AddRange(dims);
        return t;
    }

    /// <summary>A double tensor named <paramref name="name"/> of shape <paramref name="dims"/> (none: a scalar), values row-major.</summary>
    public static TensorProto Double(string name, double[] values, params long[] dims)
    {
        var t = new TensorProto { Name = name, DataType = (int)DataType.Double, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) };
        t.Dims.AddRange(dims);
        return t;
    }

    /// <summary>An int64 tensor named <paramref name="name"/> of shape <paramref name="dims"/> (none: a scalar), values row-major.</summary>
    public static TensorProto Int64(string name, long[] values, params long[] dims)
    {
        var t = new TensorProto { Name = name, DataType = (int)DataType.Int64, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) };
        t.Dims.AddRange(dims);
        return t;
    }

    /// <summary>A float tensor's values, from its raw data or its float_data field.</summary>
    /// <exception cref="DeepDreamException">The tensor is not float32.</exception>
    public static float[] ToFloats(TensorProto t)
    {
        if (t.DataType != (int)DataType.Float)
            throw new DeepDreamException($"tensor '{t.Name}' holds {(DataType)t.DataType}, expected float; this model's weights are not float32");
        if (!t.RawData.IsEmpty) return MemoryMarshal.Cast<byte, float>(t.RawData.Span).ToArray();
        return t.FloatData.ToArray();
    }

    /// <summary>An integer tensor's values, int64 or int32 widened to int64, from its raw data or its typed field.</summary>
    /// <exception cref="DeepDreamException">The tensor does not hold int64 or int32 values.</exception>
    public static long[] ToInt64s(TensorProto t) => (DataType)t.DataType switch
    {
        DataType.Int64 when !t.RawData.IsEmpty => MemoryMarshal.Cast<byte, long>(t.RawData.Span).ToArray(),
        DataType.Int64 => t.Int64Data.ToArray(),
        DataType.Int32 when !t.RawData.IsEmpty => MemoryMarshal.Cast<byte, int>(t.RawData.Span).ToArray().Select(v => (long)v).ToArray(),
        DataType.Int32 => t.Int32Data.Select(v => (long)v).ToArray(),
        _ => throw new DeepDreamException($"tensor '{t.Name}' holds {(DataType)t.DataType}, expected integers"),
    };

    /// <summary>The number of elements of a shape: the product of its dimensions, 1 for a scalar's empty shape.</summary>
    public static long ElementCount(IEnumerable<long> dims) => dims.Aggregate(1L, (a, b) => a * b);
}
