using Onnx;

namespace DeepDream.Graph;

/// <summary>Builds the declarations (ValueInfoProto) of a graph's inputs and outputs.</summary>
internal static class ValueInfos
{
    /// <summary>A float tensor declaration; a null dimension is left symbolic.</summary>
    public static ValueInfoProto Float(string name, params long?[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
            shape.Dim.Add(d is { } value ? new TensorShapeProto.Types.Dimension { DimValue = value } : new TensorShapeProto.Types.Dimension { DimParam = "size" });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }
}
