namespace DeepDream.Video;

/// <summary>How each video format is encoded, for zooms and clips alike.</summary>
static class VideoFormats
{
    /// <summary>
    /// ffmpeg's options for the video stream, by extension: H.264 and VP9 in yuv420p, which browsers play (their
    /// frames must have even sides), and GIF with a palette made for the clip.
    /// </summary>
    public static readonly Dictionary<string, string[]> Codecs = new(StringComparer.OrdinalIgnoreCase)
    {
        [".mp4"] = ["-c:v", "libx264", "-preset", "medium", "-crf", "18", "-pix_fmt", "yuv420p", "-movflags", "+faststart"],
        [".webm"] = ["-c:v", "libvpx-vp9", "-crf", "32", "-b:v", "0", "-pix_fmt", "yuv420p"],
        [".gif"] = ["-vf", "split[a][b];[a]palettegen=stats_mode=diff[p];[b][p]paletteuse=dither=sierra2_4a"],
    };
}
