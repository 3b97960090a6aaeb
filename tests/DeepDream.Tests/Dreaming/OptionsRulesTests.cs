using System.Globalization;
using System.Text.Json;
using DeepDream.Dreaming;
using DeepDream.Requests;
using DeepDream.Tests.Cli;
using DeepDream.Tests.Support;
using DeepDream.Video;
using DeepDream.Web.Jobs;
using Xunit;

namespace DeepDream.Tests.Dreaming;

/// <summary>Each option's rule lives in its options record; the command line and the studio only build on it.</summary>
public class OptionsRulesTests
{
    [Fact]
    public void RulesNameTheOptionTheRangeAndTheValue()
    {
        Assert.Equal("iterations must be between 0 and 1000, not 5000", Rule<DreamOptions>(nameof(DreamOptions.Iterations)).Problem(5000));
        Assert.Equal("octave scale must be above 1 and at most 4, not 1", Rule<DreamOptions>(nameof(DreamOptions.OctaveScale)).Problem(1));
        Assert.Equal("tile size must be between 64 and 4096 pixels, not 32", Rule<DreamOptions>(nameof(DreamOptions.TileSize)).Problem(32));
        Assert.Equal("channel must be 0 or more, not -1", Rule<DreamOptions>(nameof(DreamOptions.Channel)).Problem(-1));
        Assert.Equal("size must be 16 or more pixels, not 8", Rule<ZoomOptions>(nameof(ZoomOptions.Size)).Problem(8));
        Assert.Null(Rule<DreamOptions>(nameof(DreamOptions.Step)).Problem(100));
        Assert.NotNull(Rule<DreamOptions>(nameof(DreamOptions.Step)).Problem(double.NaN));
        Assert.NotNull(Rule<ZoomOptions>(nameof(ZoomOptions.Rotate)).Problem(double.PositiveInfinity));
        InGerman(() => Assert.Equal("zoom must be between 1 and 2, not 2.5", Rule<ZoomOptions>(nameof(ZoomOptions.Zoom)).Problem(2.5)));
    }

    [Fact]
    public void ValidateThrowsTheRulesMessage()
    {
        var error = Assert.Throws<DeepDreamException>(() => new DreamOptions { Iterations = 5000 }.Validate());
        Assert.Equal(Rule<DreamOptions>(nameof(DreamOptions.Iterations)).Problem(5000), error.Message);
        error = Assert.Throws<DeepDreamException>(() => new ZoomOptions { Blend = 31 }.Validate());
        Assert.Equal(Rule<ZoomOptions>(nameof(ZoomOptions.Blend)).Problem(31), error.Message);
        Assert.Contains("at least one frame", Assert.Throws<DeepDreamException>(() => new ZoomOptions { DreamSteps = 0, ZoomSteps = 0 }.Validate()).Message);
    }

    [Fact]
    public void AnOptionIsSpelledFromItsPropertyName()
    {
        Assert.Equal("--octave-scale", OptionName.Cli(nameof(DreamOptions.OctaveScale)));
        Assert.Equal("octaveScale", OptionName.Field(nameof(DreamOptions.OctaveScale)));
        Assert.Equal("octave scale", OptionName.Words(nameof(DreamOptions.OctaveScale)));
    }

    public static TheoryData<string, string, string> OutOfRange() => new()
    {
        { "dream", nameof(DreamOptions.Iterations), "5000" },
        { "dream", nameof(DreamOptions.OctaveScale), "9" },
        { "dream", nameof(DreamOptions.Step), "0" },
        { "dream", nameof(DreamOptions.Channel), "-2" },
        { "zoom", nameof(ZoomOptions.Fps), "200" },
        { "zoom", nameof(ZoomOptions.Zoom), "0.5" },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void TheCommandLineAndTheStudioRefuseAValueWithTheSameRule(string command, string property, string value)
    {
        var cli = CliRunner.Run(command, TestImages.Photo("coffee.png"), "-o", TestImages.TempPath("never.mp4"), OptionName.Cli(property), value);
        var studio = Assert.Throws<DeepDreamException>(() => StudioForms.Read(command, name => name == OptionName.Field(property) ? value : null));

        Assert.Equal(2, cli.ExitCode);
        Assert.StartsWith($"{OptionName.Words(property)} must be ", studio.Message);
        Assert.Equal($"deepdream: {studio.Message} (see 'deepdream --help')", cli.Stderr.TrimEnd());
    }

    [Fact]
    public void TheStudiosCapIsStricterAndSaysItIsTheStudios()
    {
        Assert.True(OptionSpecs.Of<DreamOptions>()[nameof(DreamOptions.Iterations)].StudioMax < Rule<DreamOptions>(nameof(DreamOptions.Iterations)).Max);
        var studio = Assert.Throws<DeepDreamException>(() => StudioForms.Read("dream", name => name == "iterations" ? "500" : null));
        Assert.Equal("iterations must be at most 100 in the studio, not 500", studio.Message);

        // The command line takes 500: it gets past parsing to the (missing) input.
        var cli = CliRunner.Run("dream", "/nonexistent/photo.jpg", "-o", TestImages.TempPath("never.png"), "--iterations", "500");
        Assert.Equal(1, cli.ExitCode);
        Assert.Contains("does not exist", cli.Stderr);
    }

    [Fact]
    public void ACapMustBeStricterThanItsRule()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Rule<DreamOptions>(nameof(DreamOptions.Iterations)).CappedAt(1000, "here"));
        Assert.Throws<ArgumentOutOfRangeException>(() => Rule<DreamOptions>(nameof(DreamOptions.Iterations)).CappedAt(2000, "here"));
        Assert.Throws<ArgumentOutOfRangeException>(() => Rule<DreamOptions>(nameof(DreamOptions.Octaves)).CappedAt(0, "here"));
    }

    [Fact]
    public void TheRepeatCommandLineKeepsItsFormatInAnyCulture()
    {
        // As written into PNGs before the command line was derived from the parameters: these must stay readable.
        const string stored = """{"Program":"deepdream 0.1.0","Model":"resnet18","Layer":"layer3.0","Channel":3,"Iterations":2,"Octaves":2,"OctaveScale":1.4,"Step":1.5,"Jitter":32,"TileSize":512,"Seed":42,"MaxSize":96}""";
        var parameters = JsonSerializer.Deserialize<DreamParameters>(stored)!;
        InGerman(() =>
        {
            Assert.Equal("deepdream dream in.jpg -o out.png --model resnet18 --layer layer3.0 --channel 3 --iterations 2 --octaves 2 --octave-scale 1.4" +
                " --step 1.5 --jitter 32 --tile-size 512 --seed 42 --max-size 96", parameters.CommandLine("in.jpg", "out.png"));
            Assert.Equal("deepdream dream in.jpg -o out.png --model resnet18 --layer layer3.0 --iterations 2 --octaves 2 --octave-scale 1.4" +
                " --step 1.5 --jitter 32 --tile-size 512 --seed 42", (parameters with { Channel = null, MaxSize = null }).CommandLine("in.jpg", "out.png"));
        });
    }

    /// <summary>Numbers a user types or reads must not take this machine's decimal comma.</summary>
    static void InGerman(Action check)
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try { check(); }
        finally { CultureInfo.CurrentCulture = previous; }
    }

    /// <summary>An option's rule, from its declaration.</summary>
    static OptionRange Rule<T>(string property) where T : IOptions, new() => OptionSpecs.Of<T>()[property].Range!;
}
