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
/// Channel sheets rendered once: a folder per sheet under the data folder's 'sheets', named by a hash of its
/// settings, holding the picture and its entry. It outlives the jobs that filled it, as a sheet depends only on
/// its settings and the model, and an entry appears whole or not at all (written aside, then moved in).
/// </summary>
public sealed class SheetCache(string dataFolder)
{
    const string PictureFile = "sheet.png";
    const string EntryFile = "sheet.json";

    readonly string folder = Path.Combine(Path.GetFullPath(dataFolder), "sheets");

    /// <summary>128 bits of the settings' hash, written as job ids are: a safe folder name whatever the layer's name holds.</summary>
    public static string KeyOf(SheetRequest request) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request))))[..32];

    public CachedSheet? Find(SheetRequest request)
    {
        var entry = Path.Combine(folder, KeyOf(request), EntryFile);
        return File.Exists(entry) ? JsonSerializer.Deserialize<CachedSheet>(File.ReadAllText(entry)) : null;
    }

    /// <summary>A cached sheet's picture; null for a key not of our form (that of job ids) or not cached.</summary>
    public string? PicturePath(string key) =>
        JobIds.IsValid(key) && Path.Combine(folder, key, PictureFile) is var path && File.Exists(path) ? path : null;

    /// <summary>Keeps a rendered sheet (its picture copied from <paramref name="picture"/>); of two equal ones, the first stays.</summary>
    public CachedSheet Add(SheetRequest request, string picture, SheetResult result, string job)
    {
        var key = KeyOf(request);
        var tiles = result.Channels.Select(c => new SheetTile(c.Channel, c.Tile.X, c.Tile.Y, c.Tile.Width, c.Tile.Height)).ToList();
        var sheet = new CachedSheet(key, request, result.Seed, result.Image.Width, result.Image.Height, tiles, job, result.Seconds);
        var aside = Path.Combine(folder, $"{key}.{Guid.NewGuid():N}.partial");
        Directory.CreateDirectory(aside);
        File.Copy(picture, Path.Combine(aside, PictureFile));
        File.WriteAllText(Path.Combine(aside, EntryFile), JsonSerializer.Serialize(sheet));
        try { Directory.Move(aside, Path.Combine(folder, key)); }
        catch (IOException) when (Directory.Exists(Path.Combine(folder, key)))
        {
            Directory.Delete(aside, recursive: true);
            return Find(request)!;
        }
        return sheet;
    }
}
