using DeepDream.Dreaming;

namespace DeepDream.Video;

/// <summary>A zoom video as the DeepDream video notebook makes it: dreaming steps, then zooming steps.</summary>
public sealed record ZoomOptions
{
    /// <summary>Each option's valid values (see <see cref="DreamOptions.Ranges"/>).</summary>
    public static class Ranges
    {
        public static readonly OptionRange<int> DreamSteps = new(nameof(ZoomOptions.DreamSteps), 0, unit: "frames");
        public static readonly OptionRange<int> ZoomSteps = new(nameof(ZoomOptions.ZoomSteps), 0, unit: "frames");

        // Past 2x a frame, each frame would be a quarter of the last one blown up: blur, not dream.
        public static readonly OptionRange<double> Zoom = new(nameof(ZoomOptions.Zoom), 1, 2);
        public static readonly OptionRange<double> Rotate = new(nameof(ZoomOptions.Rotate), -45, 45, unit: "degrees");
        public static readonly OptionRange<int> Fps = new(nameof(ZoomOptions.Fps), 1, 120);
        public static readonly OptionRange<int> Blend = new(nameof(ZoomOptions.Blend), 0, 30, unit: "frames");
        public static readonly OptionRange<int> Size = DreamOptions.Ranges.MaxSize with { Property = nameof(ZoomOptions.Size) };
    }

    /// <summary>How each frame dreams (model, layer, iterations, octaves, step, seed…).</summary>
    public DreamOptions Dream { get; init; } = new();

    /// <summary>Frames that dream one more round on the still image.</summary>
    public int DreamSteps { get; init; } = 12;

    /// <summary>Frames that zoom into the previous frame, then dream.</summary>
    public int ZoomSteps { get; init; } = 20;

    /// <summary>Magnification per zoom frame.</summary>
    public double Zoom { get; init; } = 1.05;

    /// <summary>Degrees of rotation per zoom frame (counter-clockwise).</summary>
    public double Rotate { get; init; }

    public int Fps { get; init; } = 24;

    /// <summary>Scale the input first so its longer side is this many pixels.</summary>
    public int? Size { get; init; }

    /// <summary>Interpolated frames (zoom + cross-fade) between dreamed frames.</summary>
    public int Blend { get; init; }

    /// <summary>Keep every frame's colour statistics at the first frame's, against drift.</summary>
    public bool ColorLock { get; init; } = true;

    /// <summary>Layers along the video; null: the dream options' layer throughout.</summary>
    public LayerSchedule? Layers { get; init; }

    public int DreamedFrames => DreamSteps + ZoomSteps;

    public int TotalFrames => DreamedFrames + Blend * Math.Max(0, DreamedFrames - 1);

    /// <summary>Throws with a message naming the first option out of range.</summary>
    public void Validate()
    {
        Dream.Validate();
        Ranges.DreamSteps.Check(DreamSteps);
        Ranges.ZoomSteps.Check(ZoomSteps);
        if (DreamedFrames < 1) throw new DeepDreamException("dream steps and zoom steps are both 0; ask for at least one frame");
        Ranges.Zoom.Check(Zoom);
        Ranges.Rotate.Check(Rotate);
        Ranges.Fps.Check(Fps);
        Ranges.Blend.Check(Blend);
        if (Size is { } size) Ranges.Size.Check(size);
    }
}
