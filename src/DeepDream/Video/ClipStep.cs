using System.Numerics.Tensors;
using DeepDream.Imaging;
using DeepDream.Video.Flow;

namespace DeepDream.Video;

/// <summary>
/// The step between frames of a user's clip. Each input frame starts from itself plus the previous
/// frame's dreamed detail (dream − input), carried along the input's optical flow where the flow is
/// trustworthy, times a persistence below 1 so nothing accumulates:
///   start_t = I_t + p · mask · pull(D_{t−1} − I_{t−1}).
/// The first frame and the first after each scene cut dream fully from the input. It also measures
/// the flicker: the warp error of the output over that of the input, with the input's flow and masks.
/// </summary>
/// <param name="inputs">The clip's frames in order, all one size.</param>
/// <param name="frames">How many frames the clip's packets promise; fewer if its last ones turn out not to decode.</param>
/// <param name="input">What identifies the input for --resume (its path, size, hash…).</param>
internal sealed class ClipStep(IEnumerable<RgbImage> inputs, int frames, VideoOptions options, object input) : IFrameStep, IDisposable
{
    readonly IEnumerator<RgbImage> reader = inputs.GetEnumerator();
    readonly List<int> cuts = [];
    int read;
    RgbImage? before, current, lastOutput;
    Motion? motion;
    bool cut;
    double inputError, outputError;
    int measured;
    readonly System.Diagnostics.Stopwatch flowClock = new();

    public int Frames => frames;

    public object Settings => new { input, flow = options.Flow.ToString(), options.Persistence, options.FirstIterations, options.Blend, options.Start, options.End, options.MaxSize };

    /// <summary>The frames (1-based) that start a new shot.</summary>
    public IReadOnlyList<int> SceneCuts => cuts;

    /// <summary>Mean warp error of the input, per frame pair within a shot (0..255 units).</summary>
    public double InputWarpError => measured > 0 ? inputError / measured : 0;

    public double OutputWarpError => measured > 0 ? outputError / measured : 0;

    /// <summary>Time spent on optical flow (and the masks and cuts that come with it).</summary>
    public double FlowSeconds => flowClock.Elapsed.TotalSeconds;

    /// <summary>1: as steady as the source; independent per-frame dreams are far above it. A quarter level of noise keeps a still clip's ratio finite.</summary>
    public double FlickerRatio => (OutputWarpError + 0.25) / (InputWarpError + 0.25);

    public FrameStart? Start(int frame, RgbImage? previous)
    {
        if (!Advance(frame)) return null;
        var fresh = new FrameStart(current!, options.FirstIterations);
        if (previous is null || cut) return fresh;
        return options.Flow == FlowMode.Farneback ? new(Carry(previous), options.Dream.Iterations)
            : options.Blend is { } b ? new(RgbImage.Mix(previous, current!, (float)b), options.Dream.Iterations)
            : fresh; // nothing carried: every frame dreams fully on its own
    }

    public void Finished(int frame, RgbImage image)
    {
        if (!Advance(frame)) throw new DeepDreamException($"the clip ended after {read} frames, before frame {frame} that was dreamed from it; the file has changed");
        if (motion is not null && !cut)
        {
            inputError += motion.InputWarpError;
            outputError += motion.WarpError(lastOutput!, image);
            measured++;
        }
        lastOutput = image;
    }

    RgbImage Carry(RgbImage previous)
    {
        var detail = new RgbImage(previous.Width, previous.Height);
        TensorPrimitives.Subtract(previous.Pixels, before!.Pixels, detail.Pixels);
        var carried = motion!.Backward.Pull(detail);
        var start = current!.Clone();
        var n = start.PlaneSize;
        for (var c = 0; c < 3; c++)
            for (var i = 0; i < n; i++)
                start.Pixels[c * n + i] = Math.Clamp(start.Pixels[c * n + i] + (float)options.Persistence * motion.Mask[i] * carried.Pixels[c * n + i], 0, 255);
        return start;
    }

    /// <summary>
    /// Reads input frames up to <paramref name="frame"/>, with the motion into each (needed for the flicker measure even
    /// without flow); false if the clip ends before it, which then ends the video.
    /// </summary>
    bool Advance(int frame)
    {
        while (read < frame)
        {
            if (!reader.MoveNext())
            {
                frames = read;
                return false;
            }
            (before, current) = (current, reader.Current);
            read++;
            flowClock.Start();
            motion = before is null ? null : Motion.Between(before, current);
            cut = motion is not null && SceneCut.Between(before!, current, motion);
            flowClock.Stop();
            if (cut) cuts.Add(read);
        }
        return true;
    }

    public void Dispose() => reader.Dispose();
}
