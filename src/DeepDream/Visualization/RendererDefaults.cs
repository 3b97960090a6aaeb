using DeepDream.Visualization.Transforms;

namespace DeepDream.Visualization;

/// <summary>Each renderer's settings as its source has them: the notebook's keyword defaults, Lucid's render_vis.</summary>
/// <param name="SheetIterations">For each tile of a sheet: Lucid renders a whole layer with 128 steps per channel.</param>
/// <param name="Step">The notebook's step; for Lucid, Adam's learning rate.</param>
/// <param name="Octaves">Null: the renderer has no octaves.</param>
public sealed record RendererDefaults(int Size, int Iterations, int SheetIterations, double Step, int? Octaves)
{
    /// <summary>How much multiscale and lapnorm enlarge the image between octaves, as the notebook does.</summary>
    public const double OctaveScale = 1.4;
    /// <summary>The Laplacian pyramid levels over which lapnorm normalizes each gradient (render_lapnorm's lap_n).</summary>
    public const int LaplacianLevels = 4;

    /// <summary>The defaults of one renderer.</summary>
    public static RendererDefaults For(RendererKind kind) => kind switch
    {
        RendererKind.Naive => new(224, 20, 20, 1, null),
        RendererKind.Multiscale or RendererKind.Lapnorm => new(224, 10, 10, 1, 3),
        RendererKind.Fourier => new(128, 512, 128, 0.05, null),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The renderer the options ask for, each setting left unset taken from these defaults.</summary>
    public static IRenderer Create(VisualizeOptions options)
    {
        var d = For(options.Renderer);
        var (size, iterations, step) = (options.Size ?? d.Size, options.Iterations ?? d.Iterations, options.Step ?? d.Step);
        var octaves = options.Octaves ?? d.Octaves ?? 1;
        // A neuron is one position of the layer: a random roll would move it around the picture at every step.
        var roll = options.Neuron is null;
        return options.Renderer switch
        {
            RendererKind.Naive => new NotebookRenderer(size, iterations, step, 1, OctaveScale, Roll: false, new StdNormalization()),
            RendererKind.Multiscale => new NotebookRenderer(size, iterations, step, octaves, OctaveScale, roll, new StdNormalization()),
            RendererKind.Lapnorm => new NotebookRenderer(size, iterations, step, octaves, OctaveScale, roll, new LaplacianNormalization(LaplacianLevels)),
            RendererKind.Fourier => new FourierRenderer(size, iterations, step, TransformChain.Lucid),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Renderer, null),
        };
    }
}
