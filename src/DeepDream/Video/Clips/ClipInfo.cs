namespace DeepDream.Video.Clips;

/// <summary>What a clip's container says of its first video stream, from its headers and packets alone: no frame decoded.</summary>
/// <param name="Frames">How many frames its packets hold (a damaged clip's last ones may not decode).</param>
/// <param name="Width">The width its header declares; 0 where the container keeps it in the frames (MPEG-TS).</param>
/// <param name="Height">The height its header declares; 0 where the container keeps it in the frames.</param>
/// <param name="Rate">The frame rate its header declares, if it does.</param>
/// <param name="AudioCodec">The codec of its first audio stream ("aac", "pcm_s16le"); null without one.</param>
public sealed record ClipHeader(ClipSource Source, int Frames, int Width, int Height, FrameRate? Rate, string? AudioCodec);

/// <summary>What ffprobe says of a clip's first video stream (and its sound).</summary>
/// <param name="Frames">
/// How many frames its packets hold: what a <see cref="ClipReader"/> of the whole clip yields, unless the clip is
/// damaged and its last packets do not decode (the reader then ends early).
/// </param>
/// <param name="Rate">The rate to play those frames at.</param>
/// <param name="Width">The width frames are shown at (after the clip's rotation).</param>
/// <param name="Height">The height frames are shown at (after the clip's rotation).</param>
/// <param name="AudioCodec">The codec of its first audio stream ("aac", "pcm_s16le"); null without one.</param>
public sealed record ClipInfo(ClipSource Source, int Frames, FrameRate Rate, int Width, int Height, string? AudioCodec)
{
    /// <summary>The clip's path, as given.</summary>
    public string Path => Source.Path;

    /// <summary>Whether the clip has sound: an audio stream, of codec <see cref="AudioCodec"/>.</summary>
    public bool HasAudio => AudioCodec is not null;

    /// <summary>How long the frames last at <see cref="Rate"/>: the length of a clip made of them.</summary>
    public double Seconds => Frames / Rate.Value;
}
