using System.Numerics.Tensors;
using DeepDream.Imaging;
using DeepDream.Models;
using DeepDream.Runtime;

namespace DeepDream.Dreaming;

/// <summary>
/// The objective's gradient for an image of any size, computed crop by crop so memory stays bounded
/// (the TensorFlow notebook's calc_grad_tiled).
/// The image is read as if rolled by (dx, dy): the roll costs no copy.
/// </summary>
internal sealed class TiledGradient(DreamModel model, IObjective objective, SessionCache sessions, int tileSize)
{
    /// <summary>
    /// Writes d objective / d image of the image rolled by (dx, dy), unrolled back into
    /// <paramref name="gradient"/>'s frame; returns the objective (area-weighted over tiles).
    /// </summary>
    public double Compute(RgbImage image, int dx, int dy, float[] gradient, CancellationToken cancel = default) =>
        Sweep(image, dx, dy, gradient, cancel);

    /// <summary>The objective at full size (no roll), by forward passes only: about 40% of a gradient's cost.</summary>
    public double Measure(RgbImage image, CancellationToken cancel = default) => Sweep(image, 0, 0, null, cancel);

    double Sweep(RgbImage image, int dx, int dy, float[]? gradient, CancellationToken cancel)
    {
        var (columns, rows) = Layout(image.Width, image.Height, tileSize);
        var session = Session(columns.Crop, rows.Crop, withGradient: gradient is not null);
        var crop = new float[3 * columns.Crop * rows.Crop];
        var cropGradient = new float[crop.Length];
        // Each crop's objective is a mean over the crop; rescale its gradient to the whole image's mean.
        var scale = (float)((double)crop.Length / image.Pixels.Length);
        var value = 0.0;
        foreach (var row in rows.Tiles)
            foreach (var column in columns.Tiles)
            {
                cancel.ThrowIfCancellationRequested();
                CopyCrop(image, dx, dy, column.Start, row.Start, columns.Crop, rows.Crop, crop);
                var cropValue = gradient is null ? session.Evaluate(crop) : session.Run(crop, cropGradient);
                value += cropValue * (column.CoreEnd - column.CoreStart) * (row.CoreEnd - row.CoreStart);
                if (gradient is not null) CopyCore(cropGradient, scale, column, row, columns.Crop, rows.Crop, image, dx, dy, gradient);
            }
        return value / image.PlaneSize;
    }

    /// <summary>How an image of this size is cut into crops, along each axis.</summary>
    internal static (TileLayout Columns, TileLayout Rows) Layout(int width, int height, int tileSize) =>
        (TileLayout.For(width, tileSize), TileLayout.For(height, tileSize));

    IGradientSession Session(int width, int height, bool withGradient)
    {
        string Key(bool gradient) => $"{model.Name}|{objective.Key}|{width}x{height}|{(gradient ? "gradient" : "value")}";
        // A dream's closing measures reuse the last octave's gradient session where that costs no more than building another.
        if (!withGradient && sessions.Find(Key(true)) is { EvaluatesAsCheaply: true } built) return built;
        return sessions.Get(Key(withGradient), () => GradientSessions.Create(sessions.Engine, model.ForImage(height, width), DreamModel.ImageInput, objective, withGradient));
    }

    /// <summary>Copies the rolled image's rectangle at (x0, y0) into a crop buffer, a row at a time (a roll wraps a row once at most).</summary>
    static void CopyCrop(RgbImage image, int dx, int dy, int x0, int y0, int width, int height, float[] crop)
    {
        var (w, h) = (image.Width, image.Height);
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < height; y++)
            {
                var source = image.Pixels.AsSpan((c * h + Wrap(y0 + y - dy, h)) * w, w);
                var target = crop.AsSpan((c * height + y) * width, width);
                var start = Wrap(x0 - dx, w);
                var first = Math.Min(width, w - start);
                source.Slice(start, first).CopyTo(target);
                if (first < width) source[..(width - first)].CopyTo(target[first..]);
            }
    }

    /// <summary>Writes a crop's core, scaled, back where the rolled image's pixels came from, a row at a time.</summary>
    static void CopyCore(float[] cropGradient, float scale, (int Start, int CoreStart, int CoreEnd) column, (int Start, int CoreStart, int CoreEnd) row,
        int cropWidth, int cropHeight, RgbImage image, int dx, int dy, float[] gradient)
    {
        var (w, h) = (image.Width, image.Height);
        var width = column.CoreEnd - column.CoreStart;
        for (var c = 0; c < 3; c++)
            for (var y = row.CoreStart; y < row.CoreEnd; y++)
            {
                var target = gradient.AsSpan((c * h + Wrap(y - dy, h)) * w, w);
                var source = cropGradient.AsSpan((c * cropHeight + y - row.Start) * cropWidth + column.CoreStart - column.Start, width);
                var start = Wrap(column.CoreStart - dx, w);
                var first = Math.Min(width, w - start);
                TensorPrimitives.Multiply(source[..first], scale, target.Slice(start, first));
                if (first < width) TensorPrimitives.Multiply(source[first..], scale, target[..(width - first)]);
            }
    }

    static int Wrap(int a, int n) => ((a % n) + n) % n;
}
