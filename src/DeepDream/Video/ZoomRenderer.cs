using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using DeepDream.Dreaming;
using DeepDream.Imaging;
using DeepDream.Models;
using DeepDream.Runtime;

namespace DeepDream.Video;

/// <summary>Reported after every finished frame.</summary>
/// <param name="Image">The finished frame.</param>
public sealed record ZoomProgress(int Frame, int Frames, bool Resumed, TimeSpan Elapsed, double SecondsPerFrame, RgbImage Image)
{
    public TimeSpan? Remaining => SecondsPerFrame > 0 ? TimeSpan.FromSeconds(SecondsPerFrame * (Frames - Frame)) : null;
}

/// <summary>
/// The frames of a zoom video, like the DeepDream video notebook: each dreaming step dreams one more
/// round on the previous frame; each zooming step zooms into the previous frame, then dreams.
/// Every frame is stored as it is finished, and the next frame starts from what was stored, so a
/// resumed render continues exactly as an uninterrupted one would.
/// </summary>
public sealed class ZoomRenderer(ZoomOptions options, SessionCache sessions)
{
    /// <summary>Renders the missing frames into the store; returns the seed used.</summary>
    public int Render(RgbImage input, FrameStore store, bool resume, IProgress<ZoomProgress>? progress = null, CancellationToken cancel = default)
    {
        options.Validate();
        var model = ModelCatalog.Load(options.Dream.Model);
        var seed = options.Dream.Seed ?? (resume ? StoredSeed(store) : null) ?? Random.Shared.Next();
        var first = input.Clone().Quantize();
        store.Open(Manifest(first, seed), resume);

        var clock = Stopwatch.StartNew();
        var dreamed = 0;
        ColorStatistics? anchor = null;
        var previous = first;
        for (var frame = 1; frame <= options.DreamedFrames; frame++)
        {
            cancel.ThrowIfCancellationRequested();
            var resumed = store.Has(frame);
            RgbImage image;
            if (resumed) image = store.Load(frame);
            else
            {
                var source = frame <= options.DreamSteps ? previous : Warp.ZoomRotate(previous, options.Zoom, options.Rotate);
                using var dreamer = new Dreamer(model, options.Dream with { Seed = FrameSeed(seed, frame) }, ObjectiveAt(model, frame), sessions);
                image = dreamer.Dream(source, cancel: cancel).Image;
                if (anchor is not null) anchor.Impose(image);
                store.Save(frame, image.Quantize());
                dreamed++;
            }
            if (options.ColorLock && frame == 1) anchor = ColorStatistics.Of(image);
            previous = image;
            progress?.Report(new ZoomProgress(frame, options.DreamedFrames, resumed, clock.Elapsed, dreamed > 0 ? clock.Elapsed.TotalSeconds / dreamed : 0, image));
        }
        return seed;
    }

    Objective? ObjectiveAt(DreamModel model, int frame) => options.Layers?.At(frame)
        .Select(l => l.Weight * Dreamer.For(model, l.Layer, options.Dream.Channel))
        .Aggregate((a, b) => a + b);

    /// <summary>Each frame dreams with its own seed, derived from the video's: frames can be made in any session.</summary>
    /// (Not HashCode.Combine: it is salted per process, and resumed renders run in another process.)
    static int FrameSeed(int seed, int frame) => unchecked(seed * 1_000_003 + frame * 7_919) & int.MaxValue;

    /// <summary>Everything that decides the frames; a resumed render must match it.</summary>
    string Manifest(RgbImage first, int seed)
    {
        var pixels = Convert.ToHexStringLower(SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(first.Pixels.AsSpan())));
        return JsonSerializer.Serialize(new
        {
            input = pixels, first.Width, first.Height, dream = options.Dream with { Seed = seed }, options.DreamSteps, options.ZoomSteps,
            options.Zoom, options.Rotate, options.ColorLock, layers = options.Layers?.ToString(),
        });
    }

    /// <summary>A render resumed without --seed continues with the seed it started with.</summary>
    static int? StoredSeed(FrameStore store)
    {
        var path = store.ManifestPath;
        if (!File.Exists(path)) return null;
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.GetProperty("dream").GetProperty("Seed").GetInt32();
    }
}
