namespace DeepDream.Dreaming;

/// <summary>Reported after every gradient step.</summary>
/// <param name="Octave">1-based, smallest first.</param>
/// <param name="Iteration">1-based within the octave.</param>
/// <param name="Fraction">Work done, 0..1, weighted by each octave's pixel count (what the steps cost).</param>
public sealed record DreamProgress(int Octave, int Octaves, int Iteration, int Iterations, double Objective, double Fraction, TimeSpan Elapsed)
{
    public TimeSpan? Remaining => Fraction > 0 ? Elapsed * ((1 - Fraction) / Fraction) : null;
}
