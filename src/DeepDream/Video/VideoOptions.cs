using DeepDream.Dreaming;

namespace DeepDream.Video;

/// <summary>How the previous frame's dream carries into the next frame of a clip.</summary>
public enum FlowMode
{
    /// <summary>Along the clip's optical flow (Farnebäck), computed on the input frames.</summary>
    Farneback,

    /// <summary>Not at all (each frame dreams on its own), or by a plain blend (DeepDreamVideo's way).</summary>
    None,
}

/// <summary>A dream of a user's clip, frame by frame, steady over time.</summary>
public sealed record VideoOptions
{
    /// <summary>Each option's valid values (see <see cref="DreamOptions.Ranges"/>).</summary>
    public static class Ranges
    {
        public static readonly OptionRange<double> Persistence = new(nameof(VideoOptions.Persistence), 0, 1);
        public static readonly OptionRange<int> FirstIterations = DreamOptions.Ranges.Iterations with { Property = nameof(VideoOptions.FirstIterations) };
        public static readonly OptionRange<double> Blend = new(nameof(VideoOptions.Blend), 0, 1, aboveMin: true);
        public static readonly OptionRange<int> Start = new(nameof(VideoOptions.Start), 1, unit: "frames");
        public static readonly OptionRange<int> End = new(nameof(VideoOptions.End), 1, unit: "frames");
        public static readonly OptionRange<int> MaxSize = DreamOptions.Ranges.MaxSize;
    }

    /// <summary>How frames after the first dream (their iterations: fewer than the first's, as the carried dream already holds most of the detail).</summary>
    public DreamOptions Dream { get; init; } = new() { Iterations = 3 };

    /// <summary>Iterations of the first frame and of the first frame after each scene cut: a full dream.</summary>
    public int FirstIterations { get; init; } = 10;

    public FlowMode Flow { get; init; } = FlowMode.Farneback;

    /// <summary>
    /// The share of the previous frame's dreamed detail carried into the next frame. Below 1, so the
    /// detail settles (at the per-frame detail over 1 − p) instead of piling up and drifting.
    /// </summary>
    public double Persistence { get; init; } = 0.8;

    /// <summary>Without flow: the next frame starts from (1 − b)·previous dream + b·next input; null: from the input alone.</summary>
    public double? Blend { get; init; }

    /// <summary>First frame of the clip to dream (1-based).</summary>
    public int Start { get; init; } = 1;

    /// <summary>Last frame to dream; null: to the end.</summary>
    public int? End { get; init; }

    /// <summary>Dream a copy scaled so its longer side is at most this many pixels.</summary>
    public int? MaxSize { get; init; }

    /// <summary>Layers along the video; null: the dream options' layer throughout.</summary>
    public LayerSchedule? Layers { get; init; }

    /// <summary>Throws with a message naming the first option out of range.</summary>
    public void Validate()
    {
        Dream.Validate();
        Ranges.FirstIterations.Check(FirstIterations);
        Ranges.Persistence.Check(Persistence);
        if (Blend is { } blend) Ranges.Blend.Check(blend);
        if (Blend is not null && Flow != FlowMode.None) throw new DeepDreamException("blend is the way to carry dreams without flow; use it with flow none");
        Ranges.Start.Check(Start);
        if (End is { } end)
        {
            Ranges.End.Check(end);
            if (end < Start) throw new DeepDreamException($"end ({end}) is before start ({Start}); give a range of at least one frame");
        }
        if (MaxSize is { } size) Ranges.MaxSize.Check(size);
    }
}
