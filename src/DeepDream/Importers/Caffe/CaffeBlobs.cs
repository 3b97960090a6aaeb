using DeepDream.Importers.Caffe.Proto;

namespace DeepDream.Importers.Caffe;

/// <summary>
/// A layer's learned blobs, checked before use: their shape (BlobShape, or the legacy num/channels/height/width of
/// files written before 2015) against what the layer needs, their values against their shape. A damaged file must
/// not become a wrong weight, a huge allocation or an index out of range.
/// </summary>
static class CaffeBlobs
{
    /// <summary>Far above VGG16's largest blob (fc6, 103 M values), far below what would exhaust memory.</summary>
    const long MaxElements = 256L << 20;

    public static long[] Dims(CaffeLayer layer, BlobProto blob)
    {
        long[] dims = blob.Shape is { } shape ? [.. shape.Dim] : [blob.Num, blob.Channels, blob.Height, blob.Width];
        if (dims.Length > 8 || dims.Any(d => d < 0) || dims.Aggregate(1.0, (a, d) => a * d) > MaxElements)
            throw Fail(layer, $"holds a blob of shape [{string.Join(", ", dims)}], which is not a valid weight shape");
        return dims;
    }

    /// <summary>The blob's values as a tensor of exactly these dimensions (a legacy blob pads its shape with leading 1s).</summary>
    public static float[] Values(CaffeLayer layer, int index, string what, params long[] expected)
    {
        if (index >= layer.Blobs.Count) throw Fail(layer, $"has no {what} (blob {index}); the weights file does not match its definition");
        var blob = layer.Blobs[index];
        var dims = Dims(layer, blob);
        var significant = dims.SkipWhile(d => d == 1).ToArray();
        var wanted = expected.SkipWhile(d => d == 1).ToArray();
        if (!significant.SequenceEqual(wanted))
            throw Fail(layer, $"has {what} of shape [{string.Join(", ", dims)}] where [{string.Join(", ", expected)}] is needed");
        var count = expected.Aggregate(1L, (a, d) => a * d);
        if (blob.Data.Count == count) return [.. blob.Data];
        if (blob.DoubleData.Count == count) return [.. blob.DoubleData.Select(d => (float)d)];
        throw Fail(layer, $"has {Math.Max(blob.Data.Count, blob.DoubleData.Count)} values for {what} of shape [{string.Join(", ", dims)}] ({count} needed); the file is damaged");
    }

    public static DeepDreamException Fail(CaffeLayer layer, string problem) => new($"Caffe layer '{layer.Name}' ({layer.Type}) {problem}");
}
