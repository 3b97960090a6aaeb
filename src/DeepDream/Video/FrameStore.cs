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

    /// <summary>The work folder, this render's alone: starting afresh or <see cref="Delete"/> removes everything in it.</summary>
    public string Folder { get; } = folder;

    /// <summary>The manifest's file (render.json in <see cref="Folder"/>): the settings the frames were made with, as <see cref="Open"/> wrote them.</summary>
    public string ManifestPath => Path.Combine(Folder, ManifestFile);

    /// <summary>The PNG file of a 1-based frame (dream-00001.png, …), whether or not it is made yet.</summary>
    public string PathOf(int frame) => Path.Combine(Folder, $"dream-{frame:D5}.png");

    /// <summary>Whether a 1-based frame is finished: frames are written whole or not at all, so one that is there is complete.</summary>
    public bool Has(int frame) => File.Exists(PathOf(frame));

    /// <summary>Reads a finished 1-based frame back.</summary>
    public RgbImage Load(int frame) => ImageFile.Read(PathOf(frame));

    /// <summary>Stores a 1-based frame as PNG, atomically (a render stopped midway leaves no half-written frame); pixels are rounded to 8 bits.</summary>
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

    /// <summary>Removes the folder with every frame and the manifest, once they are no longer needed; nothing if it is not there.</summary>
    public void Delete()
    {
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }
}
