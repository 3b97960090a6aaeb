using DeepDream.Visualization;
using Xunit;

namespace DeepDream.Tests.Visualization;

public class AdamTests
{
    [Fact]
    public void FirstStepMovesEachParameterByTheLearningRateUpItsGradient()
    {
        var adam = new Adam(3, 0.05);
        float[] parameters = [1, 1, 1];
        adam.Ascend(parameters, [2f, -0.001f, 300f]);
        Assert.Equal([1.05f, 0.95f, 1.05f], parameters, new FloatTolerance(1e-4f));
    }

    [Fact]
    public void ClimbsToTheTopOfAParabola()
    {
        var adam = new Adam(1, 0.05);
        float[] x = [0];
        for (var i = 0; i < 2000; i++) adam.Ascend(x, [-2 * (x[0] - 3)]);
        Assert.Equal(3, x[0], 0.05);
    }

    sealed class FloatTolerance(float epsilon) : IEqualityComparer<float>
    {
        public bool Equals(float a, float b) => Math.Abs(a - b) <= epsilon;
        public int GetHashCode(float value) => 0;
    }
}
