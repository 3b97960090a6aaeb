using DeepDream.Requests;
using DeepDream.Dreaming.Objectives;
using DeepDream.Dreaming;
using DeepDream.Imaging;
using DeepDream.Tests.Support;
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

public class ObjectiveChoiceTests
{
    const int Size = 64;
    static DreamModel Model => ModelCatalog.Load("resnet18");

    [Fact]
    public void AnExpressionReadsWeightsLayersChannelsAndSigns()
    {
        var expression = ObjectiveExpression.Parse(" layer3 + 0.5*layer4.0[12] -layer2[7] - 2e-1 * parts");
        Assert.Equal([(1.0, "layer3", null), (0.5, "layer4.0", 12), (-1.0, "layer2", 7), (-0.2, "parts", (int?)null)], expression.Terms);
        Assert.Equal("layer3 + 0.5*layer4.0[12] - layer2[7] - 0.2*parts", expression.ToString());
        var objective = expression.On(Model);
        Assert.Equal(4, objective.Terms.Count);
        Assert.Equal(Model.Layer("parts").Tensor, objective.Terms[3].Term.Tensor);
    }

    [Theory]
    [InlineData("layer3 +* 2", "at character 8")]
    [InlineData("layer3 layer2", "at character 8")]
    [InlineData("", "empty")]
    [InlineData("layer3[", "at character 7")]
    [InlineData("1e999*layer3", "the weight 1e999 in the objective is too large to be a number")]
    [InlineData("layer3 - 1e309*layer2", "the weight 1e309")]
    public void AMalformedExpressionSaysWhere(string text, string expected) =>
        Assert.Contains(expected, Assert.Throws<DeepDreamException>(() => ObjectiveExpression.Parse(text)).Message);

    /// <summary>The largest weight a double holds is still a weight: only what overflows to infinity is refused.</summary>
    [Fact]
    public void EveryFiniteWeightIsAWeight() =>
        Assert.Equal(1.7e308, ObjectiveExpression.Parse("1.7e308*layer3").Terms[0].Weight);

    [Fact]
    public void AMessageQuotesAtMostFortyCharactersOfAnyText()
    {
        var message = Assert.Throws<DeepDreamException>(() => ObjectiveExpression.Parse("layer3 +\n" + new string('z', 100_000) + "\u0007!")).Message;
        Assert.InRange(message.Length, 1, 300);
        Assert.Contains("'layer3 +U+000A" + new string('z', 31) + "…'", message);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void AnUnknownLayerInAnExpressionIsNamed() =>
        Assert.Contains("no layer 'nosuch'", Assert.Throws<DeepDreamException>(() => ObjectiveExpression.Parse("layer3 - nosuch[2]").On(Model)).Message);

    [Fact]
    public void TheNeuronGradientMatchesFiniteDifferences()
    {
        using var session = GradientSession.Create(Model.ForImage(Size, Size), DreamModel.ImageInput, Objective.Of(new NeuronTerm(Model.Layer("layer2").Tensor, 5)));
        Assert.True(GradientCheck.WorstRelativeError(session, GradientCheck.TestImage(Size, 2), 3, new Random(1)) < GradientCheck.Tolerance);
    }

    [Fact]
    public void TheStrongestChannelsAreThoseMostActiveOnThePhoto()
    {
        var photo = ImageFile.Read(TestImages.Photo("chelsea.png"), 96);
        var layer = Model.Layer("layer2").Tensor;
        var means = LayerActivations.Of(Model, layer, photo).ChannelMeans();
        var expected = Enumerable.Range(0, means.Length).OrderByDescending(c => means[c]).Take(3).ToHashSet();
        var objective = ObjectiveChoice.For(Model, new DreamOptions { Layer = "layer2", Strongest = 3 }, photo);
        Assert.Equal(expected, objective.Terms.Select(t => ((ChannelTerm)t.Term).Channel).ToHashSet());
    }

    [Fact]
    public void AGuidedDreamRaisesItsObjectiveAndDiffersFromTheUnguidedOne()
    {
        var photo = ImageFile.Read(TestImages.Photo("chelsea.png"), 96);
        var options = new DreamOptions { Layer = "layer3", Iterations = 6, Octaves = 2, Seed = 1 };
        var guided = options with { Guide = new InputFile(TestImages.Photo("coffee.png")) };
        using var sessions = new SessionCache();
        using var withGuide = new Dreamer(DreamPlan.Resolve(Model, guided, photo), sessions);
        using var without = new Dreamer(DreamPlan.Resolve(Model, options), sessions);
        var (a, b) = (withGuide.Dream(photo), without.Dream(photo));
        Assert.True(a.ObjectiveOutput > 1.1 * a.ObjectiveInput, $"guided objective {a.ObjectiveInput} -> {a.ObjectiveOutput}");
        // Visibly different: the two dreams differ from each other about as much as the dream differs from the photo.
        static double Distance(RgbImage x, RgbImage y) => x.Pixels.Zip(y.Pixels, (p, q) => Math.Abs(p - q)).Average();
        var (between, dreamed) = (Distance(a.Image, b.Image), Distance(b.Image, photo));
        Assert.True(between > 0.7 * dreamed, $"guided and unguided dreams differ by {between:0.0} levels on average; the dream changed the photo by {dreamed:0.0}");
    }

    [Fact]
    public void AnotherGuideBuildsAnotherSession()
    {
        var layer = Model.Layer("layer3").Tensor;
        LayerActivations Guide(string photo) => LayerActivations.Of(Model, layer, ImageFile.Read(TestImages.Photo(photo), 64));
        Assert.NotEqual(new GuideTerm(layer, Guide("coffee.png")).Key, new GuideTerm(layer, Guide("rocket.jpg")).Key);
    }
}
