using System.Numerics;
using SkiaSharp;

namespace DeepDream.Imaging;

/// <summary>
/// Shrinks an image by a whole factor, each block of factor x factor pixels averaged into one (the blocks at the right
/// and bottom edges average what they have), fed its rows a band at a time: the whole image need never be in memory.
/// Premultiplied colours average as light does, so transparency flattens afterwards as it would have before.
/// </summary>
sealed class BoxReduction
{
    /// <summary>The largest factor: a block's sum of bytes then fits in 32 bits.</summary>
    public const int MaxFactor = 4096;

    readonly int width, height, factor;
    /// <summary>Each column's sum (RGBA apart) over the rows of the current row of blocks.</summary>
    readonly uint[] columns;
    int rowsAdded;

    public BoxReduction(int width, int height, int factor)
    {
        if (factor is < 1 or > MaxFactor) throw new ArgumentOutOfRangeException(nameof(factor));
        (this.width, this.height, this.factor) = (width, height, factor);
        Result = new SKBitmap(new SKImageInfo(SizeOf(width, factor), SizeOf(height, factor), SKColorType.Rgba8888, SKAlphaType.Premul));
        columns = new uint[4 * width];
    }

    /// <summary>The reduced image, complete once every row was added; the caller owns it.</summary>
    public SKBitmap Result { get; }

    /// <summary>How many pixels a side of <paramref name="size"/> pixels keeps.</summary>
    public static int SizeOf(int size, int factor) => (size + factor - 1) / factor;

    /// <summary>The next whole rows of RGBA pixels, top to bottom.</summary>
    public void Add(ReadOnlySpan<byte> rows)
    {
        for (var start = 0; start < rows.Length; start += columns.Length)
        {
            AddRow(rows.Slice(start, columns.Length));
            if (++rowsAdded % factor == 0 || rowsAdded == height) Emit();
        }
    }

    /// <summary>Adds a row to the column sums, many bytes an instruction: this is most of a reduction's time.</summary>
    void AddRow(ReadOnlySpan<byte> row)
    {
        var x = 0;
        var lanes = Vector<uint>.Count;
        for (; x <= row.Length - Vector<byte>.Count; x += Vector<byte>.Count)
        {
            Vector.Widen(new Vector<byte>(row[x..]), out var low, out var high);
            Vector.Widen(low, out var first, out var second);
            Vector.Widen(high, out var third, out var fourth);
            (new Vector<uint>(columns, x) + first).CopyTo(columns, x);
            (new Vector<uint>(columns, x + lanes) + second).CopyTo(columns, x + lanes);
            (new Vector<uint>(columns, x + 2 * lanes) + third).CopyTo(columns, x + 2 * lanes);
            (new Vector<uint>(columns, x + 3 * lanes) + fourth).CopyTo(columns, x + 3 * lanes);
        }
        for (; x < row.Length; x++) columns[x] += row[x];
    }

    /// <summary>Writes the row of blocks the column sums hold, and starts the next.</summary>
    void Emit()
    {
        var rows = (rowsAdded - 1) % factor + 1;
        var target = Result.GetPixelSpan().Slice((rowsAdded - 1) / factor * Result.RowBytes, 4 * Result.Width);
        for (var block = 0; block < Result.Width; block++)
        {
            var (first, count) = (4 * block * factor, Math.Min(factor, width - block * factor));
            for (var c = 0; c < 4; c++)
            {
                var sum = 0u;
                for (var x = first + c; x < first + 4 * count; x += 4) sum += columns[x];
                var pixels = (uint)(rows * count);
                target[4 * block + c] = (byte)((sum + pixels / 2) / pixels);
            }
        }
        Array.Clear(columns);
    }
}
