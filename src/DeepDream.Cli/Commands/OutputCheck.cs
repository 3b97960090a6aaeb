using DeepDream.Video;

namespace DeepDream.Cli.Commands;

/// <summary>Checks a video command's output before any frame is dreamed: minutes of work must not end in "cannot write".</summary>
static class OutputCheck
{
    public static void VideoOrFolder(string path, bool toFolder)
    {
        var parent = Path.GetDirectoryName(Path.GetFullPath(path.TrimEnd('/')))!;
        if (!Directory.Exists(parent)) throw new DeepDreamException($"output folder '{parent}' does not exist; create it first");
        if (!toFolder && !VideoEncoder.Supports(path))
            throw new DeepDreamException($"cannot write '{path}': use .mp4, .webm, .gif, or a folder name ending in / for PNG frames");
        // The frames are kept beside the output while rendering, so the folder must take files.
        var probe = Path.Combine(parent, $".deepdream-{Guid.NewGuid():N}");
        try
        {
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DeepDreamException($"cannot write in '{parent}' ({e.Message}); choose another output folder");
        }
    }
}
