namespace DeepDream.Video.Clips;

/// <summary>What ffprobe says of a clip's first video stream (and whether it has audio).</summary>
/// <param name="Path">The clip's path, as given.</param>
/// <param name="Frames">How many frames decode: exactly what a <see cref="ClipReader"/> of the whole clip yields.</param>
/// <param name="Rate">The rate to play those frames at.</param>
/// <param name="Width">The width frames are shown at (after the clip's rotation).</param>
/// <param name="Height">The height frames are shown at (after the clip's rotation).</param>
/// <param name="HasAudio">Whether the clip has an audio stream.</param>
/// <param name="Seconds">How long the frames last at <paramref name="Rate"/>: the length of a clip made of them.</param>
public sealed record ClipInfo(string Path, int Frames, FrameRate Rate, int Width, int Height, bool HasAudio, double Seconds);
