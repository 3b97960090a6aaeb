namespace DeepDream.Dreaming;

/// <summary>
/// Splits one axis into equal crops that overlap: each pixel's gradient comes from the crop in which it
/// lies at least <c>margin</c> pixels from a cut edge, so tiles join without seams. Equal crop sizes
/// mean one network session serves every tile of an image; crops are no larger than needed for the
/// fewest tiles, so little work is spent twice in overlaps.
/// </summary>
public sealed record TileLayout(int Crop, IReadOnlyList<(int Start, int CoreStart, int CoreEnd)> Tiles)
{
    /// <summary>Crop sizes are rounded up to this, keeping crops on the networks' stride grids.</summary>
    const int Alignment = 8;

    public static TileLayout For(int length, int tileSize, int margin)
    {
        if (length <= tileSize) return new(length, [(0, 0, length)]);
        var count = (int)Math.Ceiling((double)(length - 2 * margin) / (tileSize - 2 * margin));
        // n crops of size c cover the axis with 2·margin overlaps when n·c ≥ length + (n − 1)·2·margin.
        var needed = (length + (count - 1) * 2 * margin + count - 1) / count;
        var crop = Math.Min(tileSize, (needed + Alignment - 1) / Alignment * Alignment);
        var starts = Enumerable.Range(0, count).Select(k => (int)Math.Round((double)k * (length - crop) / (count - 1))).ToArray();
        var bounds = Enumerable.Range(0, count + 1)
            .Select(k => k == 0 ? 0 : k == count ? length : (starts[k - 1] + starts[k] + crop) / 2)
            .ToArray();
        return new(crop, [.. starts.Select((s, k) => (s, bounds[k], bounds[k + 1]))]);
    }
}
