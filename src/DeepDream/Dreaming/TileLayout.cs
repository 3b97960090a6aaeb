namespace DeepDream.Dreaming;

/// <summary>
/// Splits one axis into equal crops that overlap: each pixel's gradient comes from the crop in which it
/// lies at least <c>margin</c> pixels from a cut edge, so tiles join without seams. Equal crop sizes
/// mean one network session serves every tile of an image.
/// </summary>
public sealed record TileLayout(int Crop, IReadOnlyList<(int Start, int CoreStart, int CoreEnd)> Tiles)
{
    public static TileLayout For(int length, int tileSize, int margin)
    {
        if (length <= tileSize) return new(length, [(0, 0, length)]);
        var count = 1 + (int)Math.Ceiling((double)(length - tileSize) / (tileSize - 2 * margin));
        var starts = Enumerable.Range(0, count).Select(k => (int)Math.Round((double)k * (length - tileSize) / (count - 1))).ToArray();
        var bounds = Enumerable.Range(0, count + 1)
            .Select(k => k == 0 ? 0 : k == count ? length : (starts[k - 1] + starts[k] + tileSize) / 2)
            .ToArray();
        return new(tileSize, [.. starts.Select((s, k) => (s, bounds[k], bounds[k + 1]))]);
    }
}
