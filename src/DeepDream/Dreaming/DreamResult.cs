using DeepDream.Imaging;

namespace DeepDream.Dreaming;

/// <param name="ObjectiveStart">The objective at the octave's first step.</param>
/// <param name="ObjectiveEnd">At its last step; for the last octave, of the finished dream.</param>
public sealed record OctaveReport(int Width, int Height, double ObjectiveStart, double ObjectiveEnd, double Seconds);

/// <param name="Seed">The seed used: the options' or the one picked, so the dream can be repeated.</param>
public sealed record DreamResult(RgbImage Image, string Model, string Layer, int? Channel, int Seed,
    double ObjectiveInput, double ObjectiveOutput, IReadOnlyList<OctaveReport> Octaves, double Seconds);
