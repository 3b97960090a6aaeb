using System.Text.Json;
using DeepDream.Visualization;

namespace DeepDream.Web.Jobs;

/// <summary>
/// The sheet cache of a studio on one machine: a folder per sheet under the data folder's 'sheets', holding the
/// picture and its entry, which appears whole or not at all (written aside, then moved in).
/// </summary>
public sealed class FolderSheetCache(string dataFolder) : ISheetCache
{
    const string PictureFile = "sheet.png";
    const string EntryFile = "sheet.json";

    readonly string folder = Path.Combine(Path.GetFullPath(dataFolder), "sheets");

    public CachedSheet? Find(SheetRequest request)
    {
        var entry = Path.Combine(folder, SheetKeys.Of(request), EntryFile);
        return File.Exists(entry) ? JsonSerializer.Deserialize<CachedSheet>(File.ReadAllText(entry)) : null;
    }

    public Stream? OpenPicture(string key) =>
        JobIds.IsValid(key) && Path.Combine(folder, key, PictureFile) is var path && File.Exists(path) ? File.OpenRead(path) : null;

    public CachedSheet Add(SheetRequest request, string picture, SheetResult result, string job)
    {
        var key = SheetKeys.Of(request);
        var sheet = SheetKeys.Entry(key, request, result, job);
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
