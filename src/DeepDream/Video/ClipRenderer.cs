using System.Security.Cryptography;
using DeepDream.Imaging;
using DeepDream.Runtime;
using DeepDream.Video.Clips;

namespace DeepDream.Video;

/// <summary>What a clip dream made, and how steady it is.</summary>
/// <param name="First">The clip's first dreamed frame (1-based).</param>
/// <param name="SceneCuts">Output frames (1-based) that start a new shot.</param>
/// <param name="FlowSeconds">Time spent on optical flow, of <paramref name="Seconds"/>.</param>
public sealed record ClipDream(ClipInfo Input, int First, int Frames, int Width, int Height, int Seed, IReadOnlyList<int> SceneCuts,
    double FlickerRatio, double InputWarpError, double OutputWarpError, double FlowSeconds, double Seconds)
{
    /// <summary>Where the output's audio starts in the input's, for a dream that skipped the clip's first frames.</summary>
    public double AudioStartSeconds => (First - 1) / Input.Rate.Value;
}

/// <summary>A user's clip dreamed frame by frame: decoded by ffmpeg, stepped by <see cref="ClipStep"/>, looped by <see cref="FrameRenderer"/>.</summary>
public static class ClipRenderer
{
    /// <param name="clip">The clip, as <see cref="VideoProbe.Probe"/> described it.</param>
    public static ClipDream Render(ClipInfo clip, VideoOptions options, FrameStore store, bool resume, SessionCache sessions,
        IProgress<FrameProgress>? progress = null, CancellationToken cancel = default)
    {
        options.Validate();
        if (options.Start > clip.Frames)
            throw new DeepDreamException($"start frame {options.Start} is past the end of '{clip.Path}', which has {clip.Frames} frames");
        var count = Math.Min(options.End ?? clip.Frames, clip.Frames) - options.Start + 1;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var reader = new ClipReader(clip, options.MaxSize, options.Start, count, cancel);
        using var step = new ClipStep(Frames(reader), count, options, new { sha256 = Hash(clip.Path), reader.Width, reader.Height });
        var seed = new FrameRenderer(options.Dream, options.Layers, colorLock: false, sessions).Render(step, store, resume, progress, cancel);
        // A damaged clip's last packets may not decode: the dream then ends where the clip's frames do.
        if (step.Frames == 0)
            throw new DeepDreamException($"no frame of '{clip.Path}' decodes; the file is damaged, or this ffmpeg lacks its decoder");
        return new ClipDream(clip, options.Start, step.Frames, reader.Width, reader.Height, seed, [.. step.SceneCuts],
            step.FlickerRatio, step.InputWarpError, step.OutputWarpError, step.FlowSeconds, clock.Elapsed.TotalSeconds);
    }

    static IEnumerable<RgbImage> Frames(ClipReader reader)
    {
        while (reader.Next() is { } frame) yield return frame;
    }

    /// <summary>A resumed render must continue the same clip, whatever its file is called now.</summary>
    static string Hash(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }
}
