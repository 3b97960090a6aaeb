using DeepDream.Dreaming.Objectives;
using DeepDream.Dreaming;
using DeepDream.Models;
using DeepDream.Runtime;
using Xunit;

namespace DeepDream.Tests.Dreaming;

public class ObjectiveTests
{
    const int Size = 64;
    static DreamModel Model => ModelCatalog.Load("resnet18");

    static GradientSession Session(Objective objective) => GradientSession.Create(Model.ForImage(Size, Size), DreamModel.ImageInput, objective);

    static double Value(Objective objective)
    {
        using var session = Session(objective);
        return session.Run(GradientCheck.TestImage(Size, 2), new float[3 * Size * Size]);
    }

    [Fact]
    public void ChannelObjectiveGradientMatchesFiniteDifferences()
    {
        using var session = Session(Objective.Channel(Model.Layer("layer2").Tensor, 17));
        Assert.True(GradientCheck.WorstRelativeError(session, GradientCheck.TestImage(Size, 2), 3, new Random(1)) < GradientCheck.Tolerance);
    }

    [Fact]
    public void WeightedSumOfLayersIsTheSumOfItsTermsAndDifferentiates()
    {
        var a = Objective.Layer(Model.Layer("layer1").Tensor);
        var b = Objective.Channel(Model.Layer("layer3").Tensor, 5);
        var combined = 0.5 * a + 2 * b;
        Assert.Equal(0.5 * Value(a) + 2 * Value(b), Value(combined), 1e-9 * Value(combined));
        using var session = Session(combined);
        Assert.True(GradientCheck.WorstRelativeError(session, GradientCheck.TestImage(Size, 2), 2, new Random(1)) < GradientCheck.Tolerance);
    }

    [Fact]
    public void ChannelOutOfRangeIsAClearError()
    {
        var error = Assert.Throws<DeepDreamException>(() => Session(Objective.Channel(Model.Layer("conv1").Tensor, 64)));
        Assert.Contains("channels 0 to 63", error.Message);
    }
}
