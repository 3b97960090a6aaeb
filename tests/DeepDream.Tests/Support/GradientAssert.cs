using DeepDream.Graph;
using DeepDream.Runtime;
using Xunit;

namespace DeepDream.Tests.Support;

static class GradientAssert
{
    /// <summary>
    /// Compares every element of the analytic input gradient of Σ R·output with finite differences.
    /// Inputs are a shuffled grid of values 0.05 apart, never 0, so no kink of a single op lies
    /// within the step. Deeper in a network a point can still sit on a kink (a max-pool window of
    /// ReLU zeros ties); there the gradient must equal one of the one-sided differences.
    /// </summary>
    public static void MatchesFiniteDifferences(TinyGraph graph, string output, int seed = 1, double step = 1e-2, double tolerance = 1e-2)
    {
        using var session = GradientSession.Create(graph.Model, TinyGraph.X, new WeightedSum(output, seed));
        var x = DistinctValues(graph.InputShape, seed);
        var analytic = new float[x.Length];
        var scratch = new float[x.Length];
        session.Run(x, analytic);
        var center = session.Run(x, scratch);
        var worst = 0.0;
        var worstAt = -1;
        for (var i = 0; i < x.Length; i++)
        {
            var original = x[i];
            x[i] = (float)(original + step);
            var plus = session.Run(x, scratch);
            var upper = x[i];
            x[i] = (float)(original - step);
            var minus = session.Run(x, scratch);
            var lower = x[i];
            x[i] = original;
            double[] numeric = [(plus - minus) / ((double)upper - lower), (plus - center) / ((double)upper - original), (center - minus) / ((double)original - lower)];
            var a = analytic[i];
            var error = numeric.Min(n => Math.Abs(a - n) / (1 + Math.Max(Math.Abs(a), Math.Abs(n))));
            if (error > worst) (worst, worstAt) = (error, i);
        }
        Assert.True(worst <= tolerance, $"gradient differs from finite differences by {worst:G3} at element {worstAt} of {x.Length}");
        Assert.Contains(analytic, v => v != 0);
    }

    public static float[] DistinctValues(long[] shape, int seed)
    {
        var n = (int)Tensors.ElementCount(shape);
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(k => (float)((k - n / 2 + 0.5) * 0.05)).OrderBy(_ => random.Next()).ToArray();
    }
}
