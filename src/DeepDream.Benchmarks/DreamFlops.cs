using DeepDream.Dreaming.Objectives;
using DeepDream.Dreaming;
using DeepDream.Models;
using DeepDream.Runtime;

namespace DeepDream.Benchmarks;

/// <summary>
/// The counted FLOPs of a dream's gradient steps: every octave's crops (the tile layout the dream
/// uses), every iteration. At the measured peak they give a lower bound on the dream's time that no
/// engine on this machine beats; the forward-only measures and the element-wise work are left out.
/// </summary>
public static class DreamFlops
{
    /// <summary>One gradient step at each octave of a dream of this size; a dream does this times its iterations per octave.</summary>
    public static double PerIteration(DreamModel model, string layer, DreamOptions options, int width, int height)
    {
        var objective = ObjectiveChoice.Layer(model, layer, null);
        using var dreamer = new Dreamer(new DreamPlan(model, objective, options));
        return dreamer.OctaveSizes(width, height).Sum(size =>
        {
            var (columns, rows) = TiledGradient.Layout(size.Width, size.Height, options.TileSize);
            return FlopCounter.GradientIteration(model.ForImage(rows.Crop, columns.Crop), objective) * columns.Tiles.Count * rows.Tiles.Count;
        });
    }

    /// <summary>A whole dream with these options.</summary>
    public static double Dream(DreamModel model, string layer, DreamOptions options, int width, int height) =>
        PerIteration(model, layer, options, width, height) * options.Iterations;
}
