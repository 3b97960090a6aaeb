namespace DeepDream.Dreaming;

/// <summary>
/// Splits one axis into the fewest equal crops no longer than the tile size, as the notebook's
/// calc_grad_tiled does: its random roll before every step moves the cuts, which hides them (a
/// one-pixel roll already changes a strided network's gradient far more than a cut does). Equal
/// crop sizes mean one network session serves every tile of an image. Where the axis does not divide
/// evenly, neighbouring crops overlap by a few pixels and each takes the half of the overlap nearer its centre.
/// </summary>
internal sealed record TileLayout(int Crop, IReadOnlyList<(int Start, int CoreStart, int CoreEnd)> Tiles)
{
    /// <summary>Crop sizes are rounded up to this, keeping crops on the networks' stride grids.</summary>
    const int Alignment = 8;

    public static TileLayout For(int length, int tileSize)
    {
        if (length <= tileSize) return new(length, [(0, 0, length)]);
        var count = (length + tileSize - 1) / tileSize;
        var crop = Math.Min(tileSize, ((length + count - 1) / count + Alignment - 1) / Alignment * Alignment);
        var starts = Enumerable.Range(0, count).Select(k => (int)Math.Round((double)k * (length - crop) / (count - 1))).ToArray();
        var bounds = Enumerable.Range(0, count + 1)
            .Select(k => k == 0 ? 0 : k == count ? length : (starts[k - 1] + starts[k] + crop) / 2)
            .ToArray();
        return new(crop, [.. starts.Select((s, k) => (s, bounds[k], bounds[k + 1]))]);
    }
}
