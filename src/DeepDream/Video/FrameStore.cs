using DeepDream.Imaging;

namespace DeepDream.Video;

/// <summary>
/// The work folder of a render: every finished frame as a PNG, and a manifest of what they were
/// made with, so an interrupted render can resume exactly where it stopped.
/// </summary>
/// <param name="startOverIfChanged">
/// On resume, frames made with other settings are dreamed again instead of refused: a studio's job, whose request
/// cannot have changed, meets them only when a new version renders differently.
/// </param>
public sealed class FrameStore(string folder, bool startOverIfChanged = false)
{
    const string ManifestFile = "render.json";

    public string Folder { get; } = folder;

    public string ManifestPath => Path.Combine(Folder, ManifestFile);

    public string PathOf(int frame) => Path.Combine(Folder, $"dream-{frame:D5}.png");

    public bool Has(int frame) => File.Exists(PathOf(frame));

    public RgbImage Load(int frame) => ImageFile.Read(PathOf(frame));

    public void Save(int frame, RgbImage image) => ImageFile.Write(image, PathOf(frame));

    /// <summary>Prepares the folder: on resume, checks it was made with the same settings; otherwise starts it afresh.</summary>
    public void Open(string manifest, bool resume)
    {
        var path = ManifestPath;
        if (resume && File.Exists(path))
        {
            if (File.ReadAllText(path) == manifest) return;
            if (!startOverIfChanged)
                throw new DeepDreamException($"the frames in '{Folder}' were made with other settings or another input; rerun without --resume to start over");
        }
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
        Directory.CreateDirectory(Folder);
        AtomicFile.Write(path, System.Text.Encoding.UTF8.GetBytes(manifest));
    }

    /// <summary>The first <paramref name="frames"/> frames as numbered PNGs (frame-00001.png, …) in a folder.</summary>
    public void CopyTo(string folder, int frames)
    {
        Directory.CreateDirectory(folder);
        for (var frame = 1; frame <= frames; frame++) File.Copy(PathOf(frame), Path.Combine(folder, $"frame-{frame:D5}.png"), overwrite: true);
    }

    public void Delete()
    {
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }
}
