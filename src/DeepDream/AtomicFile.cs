namespace DeepDream;

/// <summary>
/// Writes a file so that it is never seen half-written: into a temporary file beside it (same folder, so the
/// rename is atomic; same extension, so a writer that goes by it — ffmpeg — picks the right format), then renamed
/// over it. A write that fails leaves the old file, or none, and no temporary behind.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes the bytes to <paramref name="path"/>, replacing any file there; its folder must exist.</summary>
    /// <exception cref="DeepDreamException">The folder does not exist or cannot be written.</exception>
    public static void Write(string path, ReadOnlySpan<byte> bytes)
    {
        var content = bytes.ToArray();
        Write(path, temporary =>
        {
            using var file = new FileStream(temporary, FileMode.Create);
            file.Write(content);
            file.Flush(flushToDisk: true);
        });
    }

    /// <param name="write">Fills the temporary file it is given (which exists, empty); anything it throws leaves nothing behind.</param>
    public static void Write(string path, Action<string> write)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(folder)) throw new DeepDreamException($"output folder '{folder}' does not exist; create it first");
        var temporary = Path.Combine(folder, $".{Path.GetFileNameWithoutExtension(path)}.{Guid.NewGuid():N}{Path.GetExtension(path)}");
        try
        {
            // Created here, so that an unwritable folder is named before any work is done for the file.
            File.Create(temporary).Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DeepDreamException($"cannot write '{path}': the folder '{folder}' is not writable ({e.Message})", e);
        }
        try
        {
            write(temporary);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DeepDreamException($"cannot write '{path}': {e.Message}", e);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
