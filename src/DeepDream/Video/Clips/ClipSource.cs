using System.Globalization;

namespace DeepDream.Video.Clips;

/// <summary>
/// A clip file as ffmpeg is allowed to open it: as its container (<see cref="ClipContainer"/>), through the file
/// protocol alone, and decoded into frames of at most so many pixels. Every ffmpeg and ffprobe run on a clip that
/// deepdream did not write opens it through one of these argument lists (-i and the file included: they go before
/// any output option).
/// </summary>
/// <param name="Path">The clip's path, as given.</param>
public sealed record ClipSource(string Path, ClipContainer Container, ClipLimits Limits)
{
    /// <summary>For reading headers and packets, where no frame is decoded and the frame size is ours to check and name.</summary>
    public IReadOnlyList<string> DemuxArguments => ["-f", Container.Demuxer, .. Container.Options, "-protocol_whitelist", "file", "-i", FfmpegProcess.FileArgument(Path)];

    /// <summary>For decoding: the decoder refuses any frame beyond the pixel limit, whatever the headers declared.</summary>
    public IReadOnlyList<string> DecodeArguments => ["-max_pixels", Limits.MaxPixels.ToString(CultureInfo.InvariantCulture), .. DemuxArguments];
}
