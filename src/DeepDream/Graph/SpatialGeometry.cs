using Onnx;

namespace DeepDream.Graph;

/// <summary>
/// The window geometry of a Conv or pooling node over its spatial axes, with auto_pad resolved to
/// explicit begin/end pads for the concrete shapes.
/// </summary>
internal sealed record SpatialGeometry(long[] Kernel, long[] Strides, long[] Dilations, long[] PadsBegin, long[] PadsEnd)
{
    public int Rank => Kernel.Length;

    /// <param name="kernel">The window size: kernel_shape, or the weight's spatial dims.</param>
    public static SpatialGeometry Of(NodeProto node, long[] kernel, long[] inputShape, long[] outputShape)
    {
        var rank = kernel.Length;
        var strides = node.GetInts("strides") ?? Enumerable.Repeat(1L, rank).ToArray();
        var dilations = node.GetInts("dilations") ?? Enumerable.Repeat(1L, rank).ToArray();
        var begin = new long[rank];
        var end = new long[rank];
        var autoPad = node.GetString("auto_pad", "NOTSET");
        var pads = node.GetInts("pads");
        for (var i = 0; i < rank; i++)
        {
            if (autoPad is "SAME_UPPER" or "SAME_LOWER")
            {
                var span = (kernel[i] - 1) * dilations[i] + 1;
                var total = Math.Max(0, (outputShape[i + 2] - 1) * strides[i] + span - inputShape[i + 2]);
                begin[i] = autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
                end[i] = total - begin[i];
            }
            else if (autoPad is "NOTSET" or "" && pads is { Length: > 0 })
            {
                begin[i] = pads[i];
                end[i] = pads[i + rank];
            }
        }
        return new(kernel, strides, dilations, begin, end);
    }

    public long Span(int axis) => (Kernel[axis] - 1) * Dilations[axis] + 1;

    public long[] Pads => [.. PadsBegin, .. PadsEnd];
}
