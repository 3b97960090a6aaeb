using DeepDream.Dreaming;
using DeepDream.Requests;

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
public sealed record VideoOptions : IOptions
{
    /// <summary>How frames after the first dream (their iterations: fewer than the first's, as the carried dream already holds most of the detail).</summary>
    [OptionGroup]
    public DreamOptions Dream { get; init; } = new() { Iterations = 3 };

    /// <summary>Iterations of the first frame and of the first frame after each scene cut: a full dream.</summary>
    [Option("iterations of the first frame and of each new shot", Min = 0, Max = 1000, StudioMax = 100)]
    public int FirstIterations { get; init; } = 10;

    /// <summary>How each frame's dream carries into the next: along the clip's optical flow (the default), or not (then <see cref="Blend"/> may mix in the previous dream).</summary>
    [Option("carry the dream along the clip's optical flow (farneback), or not (none)")]
    public FlowMode Flow { get; init; } = FlowMode.Farneback;

    /// <summary>
    /// The share of the previous frame's dreamed detail carried into the next frame. Below 1, so the
    /// detail settles (at the per-frame detail over 1 − p) instead of piling up and drifting.
    /// </summary>
    [Option("share of the previous frame's dreamed detail carried into the next", Min = 0, Max = 1, SliderStep = 0.05)]
    public double Persistence { get; init; } = 0.8;

    /// <summary>Without flow: the next frame starts from (1 − b)·previous dream + b·next input; null: from the input alone.</summary>
    [Option("with --flow none: start each frame from this much of the input and the rest of the previous dream", Min = 0, Max = 1, AboveMin = true, Fronts = Fronts.Cli)]
    public double? Blend { get; init; }

    /// <summary>First frame of the clip to dream (1-based).</summary>
    [Option("first frame of the clip to dream", Min = 1, Unit = "frames")]
    public int Start { get; init; } = 1;

    /// <summary>Last frame to dream; null: to the end.</summary>
    [Option("last frame to dream (default: the last)", Min = 1, Unit = "frames")]
    public int? End { get; init; }

    /// <summary>Dream a copy scaled so its longer side is at most this many pixels.</summary>
    [Option("dream a copy scaled so its longer side is at most this", Min = 16, Unit = "pixels", Fronts = Fronts.Cli)]
    public int? MaxSize { get; init; }

    /// <summary>Layers along the video; null: the dream options' layer throughout.</summary>
    [Option("layers along the video, e.g. \"layer3:48,layer4.0:48,layer4\" (cross-faded at each change)", Fronts = Fronts.Cli)]
    public LayerSchedule? Layers { get; init; }

    /// <summary>Throws with a message naming the first option out of range.</summary>
    public void Validate()
    {
        Dream.Validate();
        OptionSpecs.Of<VideoOptions>().CheckOwn(this);
        if (Blend is not null && Flow != FlowMode.None) throw new DeepDreamException("blend is the way to carry dreams without flow; use it with flow none");
        if (End is { } end)
        {
            if (end < Start) throw new DeepDreamException($"end ({end}) is before start ({Start}); give a range of at least one frame");
        }
    }
}
