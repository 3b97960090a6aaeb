namespace DeepDream.Dreaming;

/// <summary>Reported after every gradient step.</summary>
/// <param name="Image">The dream as it is now, at this octave's size: read it during the report, it keeps changing.</param>
/// <param name="Octave">1-based, smallest first.</param>
/// <param name="Iteration">1-based within the octave.</param>
/// <param name="Fraction">Work done, 0..1, weighted by each octave's pixel count (what the steps cost).</param>
public sealed record DreamProgress(int Octave, int Octaves, int Iteration, int Iterations, double Objective, double Fraction, TimeSpan Elapsed, Imaging.RgbImage Image)
{
    /// <summary>Time left, estimated from <see cref="Elapsed"/> at the pace so far; null before any work is done.</summary>
    public TimeSpan? Remaining => Fraction > 0 ? Elapsed * ((1 - Fraction) / Fraction) : null;
}
