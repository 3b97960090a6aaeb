using DeepDream.Dreaming;
using DeepDream.Requests;

namespace DeepDream.Video;

/// <summary>A zoom video as the DeepDream video notebook makes it: dreaming steps, then zooming steps.</summary>
public sealed record ZoomOptions : IOptions
{
    /// <summary>How each frame dreams (model, layer, iterations, octaves, step, seed…).</summary>
    [OptionGroup]
    public DreamOptions Dream { get; init; } = new();

    /// <summary>Frames that dream one more round on the still image.</summary>
    [Option("frames that dream deeper on the still image", Min = 0, Unit = "frames", StudioMax = 200)]
    public int DreamSteps { get; init; } = 12;

    /// <summary>Frames that zoom into the previous frame, then dream.</summary>
    [Option("frames that zoom in, then dream", Min = 0, Unit = "frames", StudioMax = 300)]
    public int ZoomSteps { get; init; } = 20;

    /// <summary>Magnification per zoom frame.</summary>
    // Past 2x a frame, each frame would be a quarter of the last one blown up: blur, not dream.
    [Option("magnification per zoom frame", Min = 1, Max = 2, SliderStep = 0.01)]
    public double Zoom { get; init; } = 1.05;

    /// <summary>Degrees of rotation per zoom frame (counter-clockwise).</summary>
    [Option("counter-clockwise rotation per zoom frame", Min = -45, Max = 45, Unit = "degrees")]
    public double Rotate { get; init; }

    /// <summary>Frames per second of the video, interpolated frames included.</summary>
    [Option("frames per second", Min = 1, Max = 120, StudioMax = 60)]
    public int Fps { get; init; } = 24;

    /// <summary>Scale the input first so its longer side is this many pixels.</summary>
    [Option("scale the input first so its longer side is this many pixels", Min = 16, Unit = "pixels", Fronts = Fronts.Cli)]
    public int? Size { get; init; }

    /// <summary>Interpolated frames (zoom + cross-fade) between dreamed frames.</summary>
    [Option("interpolated frames between dreamed frames, zoomed and cross-faded", Min = 0, Max = 30, Unit = "frames", StudioMax = 10)]
    public int Blend { get; init; }

    /// <summary>Keep every frame's colour statistics at the first frame's, against drift.</summary>
    [Option("let colours drift instead of holding them at the first frame's", Fronts = Fronts.Cli)]
    public bool ColorLock { get; init; } = true;

    /// <summary>Layers along the video; null: the dream options' layer throughout.</summary>
    [Option("layers along the video, e.g. \"layer3:20,layer4.0:20,layer4\" (cross-faded at each change)", Fronts = Fronts.Cli)]
    public LayerSchedule? Layers { get; init; }

    /// <summary>How many frames are dreamed: <see cref="DreamSteps"/> plus <see cref="ZoomSteps"/>.</summary>
    public int DreamedFrames => DreamSteps + ZoomSteps;

    /// <summary>How many frames the video has: the dreamed ones and <see cref="Blend"/> interpolated frames between each two of them.</summary>
    public int TotalFrames => DreamedFrames + Blend * Math.Max(0, DreamedFrames - 1);

    /// <summary>Throws with a message naming the first option out of range.</summary>
    public void Validate()
    {
        Dream.Validate();
        OptionSpecs.Of<ZoomOptions>().CheckOwn(this);
        if (DreamedFrames < 1) throw new DeepDreamException("dream steps and zoom steps are both 0; ask for at least one frame");
    }
}
