using DeepDream.Dreaming.Objectives;
using System.Diagnostics;
using System.Text.Json;
using DeepDream.Dreaming;
using DeepDream.Imaging;
using DeepDream.Models;
using DeepDream.Runtime;

namespace DeepDream.Video;

/// <summary>Reported after every finished frame.</summary>
/// <param name="Image">The finished frame.</param>
public sealed record FrameProgress(int Frame, int Frames, bool Resumed, TimeSpan Elapsed, double SecondsPerFrame, RgbImage Image)
{
    /// <summary>An estimate of the time the rest of the frames take, at <see cref="SecondsPerFrame"/>; null until a frame has been dreamed in this run.</summary>
    public TimeSpan? Remaining => SecondsPerFrame > 0 ? TimeSpan.FromSeconds(SecondsPerFrame * (Frames - Frame)) : null;
}

/// <summary>
/// The frame loop of every video: each frame starts where the step says, dreams with its own seed
/// (and its layers of the schedule), is held to the first frame's colours if asked, and is stored as
/// soon as it is finished. The next frame starts from what was stored, so a resumed render continues
/// exactly as an uninterrupted one would.
/// </summary>
/// <param name="layers">Layers along the video; null: the dream options' layer throughout.</param>
/// <param name="colorLock">Hold every frame's colour statistics at the first frame's, against drift.</param>
internal sealed class FrameRenderer(DreamOptions dream, LayerSchedule? layers, bool colorLock, SessionCache sessions)
{
    /// <summary>Renders the missing frames into the store; returns the seed used.</summary>
    public int Render(IFrameStep step, FrameStore store, bool resume, IProgress<FrameProgress>? progress = null, CancellationToken cancel = default)
    {
        dream.Validate();
        var model = ModelCatalog.Load(dream.Model);
        var seed = dream.Seed ?? (resume ? StoredSeed(store) : null) ?? Random.Shared.Next();
        store.Open(Manifest(step, seed), resume);
        // Chosen once, on the first frame's start, so that a resumed render picks the same channels (and reads a guide once);
        // a layer schedule chooses every frame's objective itself.
        var objective = layers is not null ? null : DreamPlan.Resolve(model, dream, dream.Strongest is null ? null : step.Start(1, null)?.Image).Objective;

        var clock = Stopwatch.StartNew();
        var dreamed = 0;
        ColorStatistics? anchor = null;
        RgbImage? previous = null;
        for (var frame = 1; frame <= step.Frames; frame++)
        {
            cancel.ThrowIfCancellationRequested();
            var resumed = store.Has(frame);
            RgbImage image;
            if (resumed) image = store.Load(frame);
            else
            {
                if (step.Start(frame, previous) is not { } start) break;
                var options = dream with { Seed = FrameSeed(seed, frame), Iterations = start.Iterations };
                using var dreamer = new Dreamer(new DreamPlan(model, ObjectiveAt(model, frame) ?? objective!, options), sessions);
                image = dreamer.DreamImage(start.Image, cancel);
                anchor?.Impose(image);
                store.Save(frame, image.Quantize());
                dreamed++;
            }
            if (colorLock && frame == 1) anchor = ColorStatistics.Of(image);
            step.Finished(frame, image);
            previous = image;
            progress?.Report(new FrameProgress(frame, step.Frames, resumed, clock.Elapsed, dreamed > 0 ? clock.Elapsed.TotalSeconds / dreamed : 0, image));
        }
        return seed;
    }

    IObjective? ObjectiveAt(DreamModel model, int frame) => layers?.At(frame)
        .Select(l => l.Weight * ObjectiveChoice.Layer(model, l.Layer, dream.Channel))
        .Aggregate((a, b) => a + b);

    /// <summary>Each frame dreams with its own seed, derived from the video's: frames can be made in any session.</summary>
    /// (Not HashCode.Combine: it is salted per process, and resumed renders run in another process.)
    static int FrameSeed(int seed, int frame) => unchecked(seed * 1_000_003 + frame * 7_919) & int.MaxValue;

    /// <summary>Everything that decides the frames, its files by their content wherever they lie; a resumed render must match it.</summary>
    string Manifest(IFrameStep step, int seed) => JsonSerializer.Serialize(new
    {
        dream = dream with { Seed = seed, Guide = dream.Guide?.ByContent("guide image") }, layers = layers?.ToString(), colorLock, step = step.Settings,
    });

    /// <summary>A render resumed without --seed continues with the seed it started with.</summary>
    static int? StoredSeed(FrameStore store)
    {
        var path = store.ManifestPath;
        if (!File.Exists(path)) return null;
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.GetProperty("dream").GetProperty("Seed").GetInt32();
    }
}
