using DeepDream.Dreaming;
using DeepDream.Imaging;
using DeepDream.Runtime;
using DeepDream.Tests.Support;
using DeepDream.Video;
using DeepDream.Video.Flow;
using Xunit;

namespace DeepDream.Tests.Video;

public class ClipFlowTests
{
    /// <summary>Smooth noise in 0..255, deterministic: texture that optical flow can follow.</summary>
    static RgbImage Texture(int width, int height, int seed) => TestImages.Pattern(width, height, seed);

    /// <summary>A frame: a static textured background with a textured square pasted at (x, y).</summary>
    static RgbImage Scene(RgbImage background, RgbImage square, int x, int y)
    {
        var frame = background.Clone();
        for (var c = 0; c < 3; c++)
            for (var row = 0; row < square.Height; row++)
                square.Pixels.AsSpan((c * square.Height + row) * square.Width, square.Width)
                    .CopyTo(frame.Pixels.AsSpan((c * frame.Height + y + row) * frame.Width + x));
        return frame;
    }

    static double MeanAbsDifference(RgbImage a, RgbImage b, int x0, int y0, int x1, int y1)
    {
        double sum = 0;
        for (var c = 0; c < 3; c++)
            for (var y = y0; y < y1; y++)
                for (var x = x0; x < x1; x++)
                    sum += Math.Abs(a.Pixels[(c * a.Height + y) * a.Width + x] - b.Pixels[(c * b.Height + y) * b.Width + x]);
        return sum / (3.0 * (x1 - x0) * (y1 - y0));
    }

    [Fact]
    public void TheWarpCarriesTheOldFrameToWhereItsContentIsNow()
    {
        // A textured square shifted 2 px right and 1 down: pulling the old frame along the backward flow must land it on the new one.
        var background = new RgbImage(128, 96);
        Array.Fill(background.Pixels, 128f);
        var square = Texture(64, 64, 3);
        var (before, after) = (Scene(background, square, 30, 16), Scene(background, square, 32, 17));
        var motion = Motion.Between(before, after);
        var pulled = motion.Backward.Pull(before);
        var unmoved = MeanAbsDifference(before, after, 40, 26, 86, 72);
        var carried = MeanAbsDifference(pulled, after, 40, 26, 86, 72);
        Assert.True(unmoved > 5, $"the texture must change under a 2 px shift ({unmoved:0.0})");
        Assert.True(carried < unmoved / 5, $"pulled along the flow: {carried:0.00}, not moved: {unmoved:0.00}");
        // And the wrong way round (the forward flow used to pull) lands it 4 px off: worse than not moving.
        var wrongWay = new FlowField(128, 96, [.. motion.Backward.Dx.Select(d => -d)], [.. motion.Backward.Dy.Select(d => -d)]).Pull(before);
        Assert.True(MeanAbsDifference(wrongWay, after, 40, 26, 86, 72) > unmoved);
    }

    [Fact]
    public void TheRevealedStripIsMaskedAndTheStillBackgroundIsNot()
    {
        var background = Texture(128, 96, 5);
        var square = Texture(40, 40, 9);
        var (before, after) = (Scene(background, square, 40, 28), Scene(background, square, 46, 28));
        var motion = Motion.Between(before, after);
        double Mask(int x0, int x1, int y0, int y1) =>
            Enumerable.Range(y0, y1 - y0).SelectMany(y => Enumerable.Range(x0, x1 - x0).Select(x => (double)motion.Mask[y * 128 + x])).Average();
        // Revealed: background at x 40..46 that the square covered a frame ago.
        Assert.True(Mask(41, 45, 32, 64) < 0.5, $"revealed strip mask {Mask(41, 45, 32, 64):0.00}");
        Assert.True(Mask(4, 30, 4, 90) > 0.9, $"still background mask {Mask(4, 30, 4, 90):0.00}");
        Assert.True(Mask(52, 80, 32, 64) > 0.9, $"moving square mask {Mask(52, 80, 32, 64):0.00}");
    }

    /// <summary>Windows sliding over a photo: a camera panning.</summary>
    static List<RgbImage> Pan(string photo, int frames, int dx, int dy = 0)
    {
        var image = ImageFile.Read(TestImages.Photo(photo), 200);
        return [.. Enumerable.Range(0, frames).Select(t => image.Crop(10 + t * dx, 10 + t * dy, 96, 64))];
    }

    [Fact]
    public void TwoClipsJoinedGiveOneSceneCutAtTheJoiningFrame()
    {
        List<RgbImage> clip = [.. Pan("chelsea.png", 6, 2), .. Pan("rocket.jpg", 6, 1, 1)];
        using var step = new ClipStep(clip, clip.Count, new VideoOptions(), "joined");
        for (var frame = 1; frame <= clip.Count; frame++) step.Finished(frame, clip[frame - 1]);
        Assert.Equal([7], step.SceneCuts);
    }

    static (List<RgbImage> Output, ClipStep Step) Dream(List<RgbImage> clip, VideoOptions options)
    {
        var store = new FrameStore(TestImages.TempPath("frames"));
        using var sessions = new SessionCache();
        using var step = new ClipStep(clip, clip.Count, options, "clip");
        new FrameRenderer(options.Dream, null, colorLock: false, sessions).Render(step, store, resume: false);
        var output = Enumerable.Range(1, clip.Count).Select(store.Load).ToList();
        store.Delete();
        return (output, step);
    }

    static readonly DreamOptions Small = new() { Iterations = 2, Octaves = 2, Seed = 1, Jitter = 8 };

    [Fact]
    public void AStillClipKeepsItsBrightnessAndDoesNotDrift()
    {
        var photo = ImageFile.Read(TestImages.Photo("chelsea.png"), 64);
        var (output, _) = Dream([.. Enumerable.Repeat(photo, 150)], new VideoOptions { Dream = Small, FirstIterations = 4 });
        var input = photo.Pixels.Average();
        var brightness = output.Select(f => (double)f.Pixels.Average()).ToArray();
        Assert.All(brightness, b => Assert.InRange(b, input * 0.98, input * 1.02));
        // No trend: the last 50 frames as bright as frames 51..100.
        Assert.InRange(brightness[100..].Average() / brightness[50..100].Average(), 0.995, 1.005);
    }

    [Fact]
    public void FlowHalvesTheFlickerOfAPan()
    {
        // Frames after the first take one step per octave on top of the carried dream; without flow each dreams fully.
        var clip = Pan("chelsea.png", 12, 2, 1);
        var options = new VideoOptions { Dream = Small with { Iterations = 1 }, FirstIterations = 6 };
        var (_, flow) = Dream(clip, options);
        var (_, none) = Dream(clip, options with { Flow = FlowMode.None });
        Assert.True(flow.FlickerRatio <= none.FlickerRatio / 2, $"flicker with flow {flow.FlickerRatio:0.00}, without {none.FlickerRatio:0.00}");
    }
}
