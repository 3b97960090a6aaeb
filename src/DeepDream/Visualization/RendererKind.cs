namespace DeepDream.Visualization;

/// <summary>The renderers: the TensorFlow notebook's three, and Lucid's.</summary>
public enum RendererKind
{
    /// <summary>render_naive: 20 normalized gradient steps on the pixels.</summary>
    Naive,

    /// <summary>render_multiscale: 3 octaves of 10 steps, the image resized up by 1.4 between them.</summary>
    Multiscale,

    /// <summary>render_lapnorm: as multiscale, the gradient normalized per Laplacian pyramid level.</summary>
    Lapnorm,

    /// <summary>Lucid: a decorrelated Fourier parameterization, random transforms, Adam.</summary>
    Fourier,
}

/// <summary>The renderers by the names users write and messages and results show.</summary>
public static class RendererKindNames
{
    /// <summary>How users write a renderer: naive, multiscale, lapnorm, fourier.</summary>
    public static string Name(this RendererKind kind) => kind.ToString().ToLowerInvariant();
}
