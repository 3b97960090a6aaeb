using DeepDream.Dreaming;

namespace DeepDream.Video;

/// <summary>A zoom video as the DeepDream video notebook makes it: dreaming steps, then zooming steps.</summary>
public sealed record ZoomOptions
{
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

    public void Validate()
    {
        Dream.Validate();
        if (DreamSteps < 0 || ZoomSteps < 0 || DreamedFrames < 1) throw new DeepDreamException("dream steps and zoom steps must be 0 or more, and at least one frame in all");
        if (!(Zoom >= 1 && Zoom <= 2)) throw new DeepDreamException("zoom must be between 1 and 2 per frame");
        if (!double.IsFinite(Rotate) || Math.Abs(Rotate) > 45) throw new DeepDreamException("rotation must be between -45 and 45 degrees per frame");
        if (Fps is < 1 or > 120) throw new DeepDreamException("fps must be between 1 and 120");
        if (Blend is < 0 or > 30) throw new DeepDreamException("blend must be between 0 and 30 frames");
        if (Size is < 16) throw new DeepDreamException("size must be at least 16 pixels");
    }
}
