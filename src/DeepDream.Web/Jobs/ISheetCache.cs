using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DeepDream.Visualization;

namespace DeepDream.Web.Jobs;

/// <summary>One channel's tile on a sheet, in the sheet's pixels: what the page turns into a button.</summary>
public sealed record SheetTile(int Channel, int X, int Y, int Width, int Height);

/// <summary>A rendered channel sheet, as the cache keeps it and GET /api/sheets shows it.</summary>
/// <param name="Job">The job that rendered it (which may since have been deleted).</param>
public sealed record CachedSheet(string Key, SheetRequest Options, int Seed, int Width, int Height, IReadOnlyList<SheetTile> Tiles, string Job, double Seconds)
{
    public string Image => $"/api/sheets/{Key}/image";
}

/// <summary>
/// Channel sheets rendered once, keyed by a hash of their settings: a sheet depends only on its settings and the
/// model, so it outlives the job that rendered it, and any node finds what any worker rendered.
/// </summary>
public interface ISheetCache
{
    CachedSheet? Find(SheetRequest request);

    /// <summary>A cached sheet's picture; null for a key not of our form (that of job ids) or not cached.</summary>
    Stream? OpenPicture(string key);

    /// <summary>Keeps a rendered sheet (its picture read from <paramref name="picture"/>); of two equal ones, the first stays and is returned.</summary>
    CachedSheet Add(SheetRequest request, string picture, SheetResult result, string job);
}

public static class SheetKeys
{
    /// <summary>128 bits of the settings' hash, written as job ids are: a safe folder name whatever the layer's name holds.</summary>
    public static string Of(SheetRequest request) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request))))[..32];

    public static CachedSheet Entry(string key, SheetRequest request, SheetResult result, string job) =>
        new(key, request, result.Seed, result.Image.Width, result.Image.Height,
            result.Channels.Select(c => new SheetTile(c.Channel, c.Tile.X, c.Tile.Y, c.Tile.Width, c.Tile.Height)).ToList(), job, result.Seconds);
}
