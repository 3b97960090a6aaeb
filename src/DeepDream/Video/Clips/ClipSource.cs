namespace DeepDream.Video.Clips;

/// <summary>
/// A clip file as ffmpeg is allowed to open it: as its container (<see cref="ClipContainer"/>), through the file
/// protocol alone, and with frames of at most so many pixels. Every ffmpeg and ffprobe run on a clip that deepdream
/// did not write opens it through <see cref="InputArguments"/>.
/// </summary>
/// <param name="Path">The clip's path, as given.</param>
public sealed record ClipSource(string Path, ClipContainer Container, ClipLimits Limits)
{
    /// <summary>ffmpeg's or ffprobe's arguments that open it, -i and the file included: they go before any output option.</summary>
    public IReadOnlyList<string> InputArguments =>
    [
        "-f", Container.Demuxer, .. Container.Options, "-protocol_whitelist", "file", "-max_pixels", Limits.MaxPixels.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "-i", FfmpegProcess.FileArgument(Path),
    ];
}
