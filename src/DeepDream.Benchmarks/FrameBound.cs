namespace DeepDream.Benchmarks;

/// <summary>Seconds per video frame beside the frame's lower bound: its counted gradient FLOPs at the measured peak (see <see cref="DreamFlops"/>).</summary>
public sealed record FrameBound(double Seconds, double LowerBoundSeconds)
{
    /// <summary>The goal: frames within 1.5x of what their convolutions alone take at peak.</summary>
    public const double Goal = 1.5;

    public double Ratio => Seconds / LowerBoundSeconds;
    public bool GoalMet => Ratio <= Goal;
}
