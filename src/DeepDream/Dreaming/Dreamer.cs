using System.Diagnostics;
using System.Numerics.Tensors;
using DeepDream.Imaging;
using DeepDream.Models;
using DeepDream.Runtime;

namespace DeepDream.Dreaming;

/// <summary>
/// DeepDream as Google's notebook does it: gradient ascent on an objective, over an octave pyramid
/// that carries the dreamed detail from small to large scales, with a random roll before each step.
/// </summary>
public sealed class Dreamer : IDisposable
{
    readonly DreamOptions options;
    readonly TiledGradient gradients;
    readonly SessionCache? ownSessions;

    /// <param name="sessions">Shared between dreamers that run the same objectives (the frames of a video).</param>
    public Dreamer(DreamPlan plan, SessionCache? sessions = null)
    {
        plan.Options.Validate();
        options = plan.Options;
        Model = plan.Model;
        Layer = plan.Label;
        // Alone, a dream uses each octave's sessions for that octave only: keeping one at a time
        // holds peak memory to the largest octave's (a 1024x768 dream: 911 -> 600 MB).
        if (sessions is null) sessions = ownSessions = new SessionCache(capacity: 1);
        gradients = new TiledGradient(Model, plan.Objective, sessions, options.TileSize);
    }

    /// <summary>The plan's model, the one dreamed with.</summary>
    public DreamModel Model { get; }

    /// <summary>The layer dreamed on, or the objective expression that names the layers.</summary>
    public string Layer { get; }

    /// <summary>Dreams on the image, octave by octave, and returns the dream with its measurements; the image itself is left unchanged.</summary>
    /// <param name="progress">Told after every gradient step.</param>
    /// <param name="cancel">Checked before each tile the network runs.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> was cancelled.</exception>
    public DreamResult Dream(RgbImage image, IProgress<DreamProgress>? progress = null, CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        var seed = options.Seed ?? Random.Shared.Next();
        var sizes = OctaveSizes(image.Width, image.Height);
        var reports = new List<OctaveReport>();
        var octaveStart = TimeSpan.Zero;
        var dream = Octaves(image, sizes, new Random(seed), new Work(sizes, options.Iterations, progress, clock), cancel, (octave, objectives) =>
        {
            var last = reports.Count == sizes.Count - 1;
            var end = last || objectives.Count == 0 ? gradients.Measure(octave, cancel) : objectives[^1];
            var start = objectives.Count > 0 ? objectives[0] : gradients.Measure(octave, cancel);
            reports.Add(new OctaveReport(octave.Width, octave.Height, start, end, (clock.Elapsed - octaveStart).TotalSeconds));
            octaveStart = clock.Elapsed;
        });
        // Measured last, with the forward session the final octave's measure built: the first step starts sooner.
        var objectiveInput = gradients.Measure(image, cancel);
        return new DreamResult(dream, Model.Name, Layer, options.Channel, seed, objectiveInput, reports[^1].ObjectiveEnd, reports, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The dream's image alone, as a video's frame wants it: the same steps as <see cref="Dream"/> for the same seed,
    /// without the forward passes that only measure (the input's objective and the result's), two of a frame's 42.
    /// </summary>
    /// <param name="cancel">Checked before each tile the network runs.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> was cancelled.</exception>
    public RgbImage DreamImage(RgbImage image, CancellationToken cancel = default) =>
        Octaves(image, OctaveSizes(image.Width, image.Height), new Random(options.Seed ?? Random.Shared.Next()), null, cancel, null);

    /// <summary>The octave pyramid: each octave the photo at its size plus the detail dreamed so far, then its steps.</summary>
    /// <param name="octaveDone">Told each octave's dream and the objectives before each of its steps.</param>
    RgbImage Octaves(RgbImage image, IReadOnlyList<(int Width, int Height)> sizes, Random random, Work? work, CancellationToken cancel,
        Action<RgbImage, IReadOnlyList<double>>? octaveDone)
    {
        RgbImage? detail = null;
        RgbImage dream = image;
        for (var octave = 0; octave < sizes.Count; octave++)
        {
            var (width, height) = sizes[octave];
            var octaveBase = (width, height) == (image.Width, image.Height) ? image : image.Resize(width, height);
            dream = detail?.Resize(width, height) ?? new RgbImage(width, height);
            TensorPrimitives.Add(dream.Pixels, octaveBase.Pixels, dream.Pixels);
            var gradient = new float[dream.Pixels.Length];
            var objectives = new List<double>();
            for (var i = 0; i < options.Iterations; i++)
            {
                objectives.Add(Ascend(dream, gradient, random, cancel));
                work?.Done(octave, i, objectives[^1], dream);
            }
            octaveDone?.Invoke(dream, objectives);
            if (octave == sizes.Count - 1) break;
            TensorPrimitives.Subtract(dream.Pixels, octaveBase.Pixels, dream.Pixels);
            detail = dream;
        }
        return dream;
    }

    /// <summary>One step: roll, gradient, unroll, move by step / mean |g|, keep pixels in range. Returns the objective before the step.</summary>
    double Ascend(RgbImage dream, float[] gradient, Random random, CancellationToken cancel)
    {
        var (dx, dy) = (random.Next(-options.Jitter, options.Jitter + 1), random.Next(-options.Jitter, options.Jitter + 1));
        if (dream.Width > options.TileSize || dream.Height > options.TileSize)
            (dx, dy) = (dx + random.Next(options.TileSize), dy + random.Next(options.TileSize));
        var objective = gradients.Compute(dream, dx, dy, gradient, cancel);
        var meanAbs = TensorPrimitives.SumOfMagnitudes(gradient) / gradient.Length;
        TensorPrimitives.MultiplyAdd(gradient, (float)(options.Step / (meanAbs + 1e-8)), dream.Pixels, dream.Pixels);
        TensorPrimitives.Clamp(dream.Pixels, 0f, 255f, dream.Pixels);
        return objective;
    }

    /// <summary>Octave sizes, smallest first, each octave_scale times the one before; the last is the image's own.</summary>
    public IReadOnlyList<(int Width, int Height)> OctaveSizes(int width, int height) =>
        Enumerable.Range(0, options.Octaves).Reverse()
            .Select(k => Math.Pow(options.OctaveScale, k))
            .Select(f => (Math.Max(1, (int)Math.Round(width / f)), Math.Max(1, (int)Math.Round(height / f))))
            .ToList();

    /// <summary>Frees the sessions this dreamer built for itself; a <see cref="SessionCache"/> passed in is left to its owner.</summary>
    public void Dispose() => ownSessions?.Dispose();

    /// <summary>Progress in steps weighted by their pixel count.</summary>
    sealed class Work(IReadOnlyList<(int Width, int Height)> sizes, int iterations, IProgress<DreamProgress>? progress, Stopwatch clock)
    {
        readonly double total = sizes.Sum(s => (double)s.Width * s.Height) * iterations;
        double done;

        public void Done(int octave, int iteration, double objective, RgbImage dream)
        {
            done += (double)sizes[octave].Width * sizes[octave].Height;
            progress?.Report(new DreamProgress(octave + 1, sizes.Count, iteration + 1, iterations, objective, done / total, clock.Elapsed, dream));
        }
    }
}
