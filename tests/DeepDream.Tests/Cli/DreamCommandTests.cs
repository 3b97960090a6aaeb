using System.Text.Json;
using DeepDream.Imaging;
using DeepDream.Tests.Support;
using Xunit;

namespace DeepDream.Tests.Cli;

public class DreamCommandTests
{
    static string Photo(string name) => TestImages.Photo(name);

    [Theory]
    [InlineData("astronaut.png")]
    [InlineData("chelsea.png")]
    [InlineData("coffee.png")]
    [InlineData("rocket.jpg")]
    public void EveryPhotoDreamsWithTheDefaultsAtLeastDoublingTheObjective(string photo)
    {
        // Default options on each sample photo, scaled down so the suite stays fast; seeded, so that it is the same dream every run.
        var output = TestImages.TempPath("dream.png");
        var result = CliRunner.Run("dream", Photo(photo), "-o", output, "--max-size", "256", "--seed", "1", "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var json = JsonDocument.Parse(result.Stdout).RootElement;
        var written = ImageFile.Read(output);
        Assert.Equal(json.GetProperty("input").GetProperty("width").GetInt32(), written.Width);
        Assert.Equal(json.GetProperty("input").GetProperty("height").GetInt32(), written.Height);
        Assert.Equal(256, Math.Max(written.Width, written.Height));
        var objective = json.GetProperty("objective");
        Assert.True(objective.GetProperty("output").GetDouble() >= 2 * objective.GetProperty("input").GetDouble(), objective.ToString());
        Assert.Equal(4, json.GetProperty("octaves").GetArrayLength());
        Assert.Equal("layer3", json.GetProperty("layer").GetString());
    }

    [Fact]
    public void SameSeedGivesIdenticalBytesAndInfoTellsHowToRepeatIt()
    {
        var (a, b) = (TestImages.TempPath("a.png"), TestImages.TempPath("b.png"));
        string[] options = ["--max-size", "96", "--iterations", "2", "--octaves", "2", "--layer", "parts", "--channel", "3", "--seed", "42", "--quiet"];
        Assert.Equal(0, CliRunner.Run(["dream", Photo("coffee.png"), "-o", a, .. options]).ExitCode);
        Assert.Equal(0, CliRunner.Run(["dream", Photo("coffee.png"), "-o", b, .. options]).ExitCode);
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));

        var info = CliRunner.Run("info", a, "--json");
        Assert.Equal(0, info.ExitCode);
        var json = JsonDocument.Parse(info.Stdout).RootElement;
        Assert.Equal("layer3.0", json.GetProperty("layer").GetString());
        Assert.Equal(3, json.GetProperty("channel").GetInt32());
        Assert.Equal(42, json.GetProperty("seed").GetInt32());
        Assert.Equal(96, json.GetProperty("maxSize").GetInt32());

        // The command line that info prints makes the same dream again, byte for byte.
        var repeat = CliRunner.Run("info", a).Stdout.Split('\n').Single(l => l.StartsWith("repeat with: deepdream dream INPUT -o OUTPUT "));
        Assert.Contains(" --channel 3 ", repeat);
        Assert.Contains(" --seed 42 ", repeat);
        var c = TestImages.TempPath("c.png");
        string[] again = [.. repeat.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(3).Select(w => w switch { "INPUT" => Photo("coffee.png"), "OUTPUT" => c, _ => w }), "--quiet"];
        Assert.Equal(0, CliRunner.Run(again).ExitCode);
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(c));
    }

    public static TheoryData<string, int, string[]> BadInputs()
    {
        var text = TestImages.TempPath("text.jpg");
        File.WriteAllText(text, "not a picture");
        var huge = TestImages.TempPath("huge.png");
        File.WriteAllBytes(huge, TestImages.HugePng());
        var photo = Photo("chelsea.png");
        return new()
        {
            { "damaged or truncated", 1, [TestImages.TruncatedJpeg()] },
            { "not an image", 1, [text] },
            { "does not exist", 1, ["/nonexistent/photo.jpg"] },
            { "40000x40000", 1, [huge] },
            { "no layer 'nosuchlayer'", 1, [photo, "--layer", "nosuchlayer"] },
            { "iterations must be between 0 and 1000, not -1", 2, [photo, "--iterations", "-1"] },
            { "max size must be 16 or more pixels, not 8", 2, [photo, "--max-size", "8"] },
        };
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadInputIsOneLineAndWritesNothing(string expected, int exitCode, string[] args)
    {
        var folder = Directory.CreateTempSubdirectory().FullName;
        var output = Path.Combine(folder, "out.png");
        var result = CliRunner.Run(["dream", .. args, "-o", output]);
        Assert.Equal(exitCode, result.ExitCode);
        Assert.Contains(expected, result.Stderr);
        Assert.Single(result.Stderr.TrimEnd().Split('\n'));
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Fact]
    public void AMissingOutputFolderIsRefusedBeforeDreaming()
    {
        var result = CliRunner.Run("dream", Photo("chelsea.png"), "-o", "/nonexistent/folder/out.png");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("output folder '/nonexistent/folder' does not exist", result.Stderr);
    }
}

public class ObjectiveCommandTests
{
    static readonly string Photo = TestImages.Photo("chelsea.png");

    [Fact]
    public void AnExpressionWithTwoLayersAndANegativeChannelDreams()
    {
        var output = TestImages.TempPath("expression.png");
        var result = CliRunner.Run("dream", Photo, "-o", output, "--objective", "layer3 + 0.5*layer4.0 - layer2[7]", "--max-size", "96", "--octaves", "2", "--iterations", "8", "--seed", "1", "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var json = JsonDocument.Parse(result.Stdout).RootElement;
        var objective = json.GetProperty("objective");
        Assert.True(objective.GetProperty("output").GetDouble() > 1.5 * objective.GetProperty("input").GetDouble(), objective.ToString());
        Assert.Equal("layer3 + 0.5*layer4.0 - layer2[7]", json.GetProperty("objectiveExpression").GetString());
        Assert.Contains("--objective 'layer3 + 0.5*layer4.0 - layer2[7]'", CliRunner.Run("info", output).Stdout);
    }

    [Fact]
    public void AZoomFollowsAGuide()
    {
        var folder = TestImages.TempPath("guided") + "/";
        var result = CliRunner.Run("zoom", Photo, "-o", folder, "--guide", TestImages.Photo("coffee.png"), "--layer", "layer3",
            "--dream-steps", "1", "--zoom-steps", "1", "--size", "64", "--octaves", "1", "--iterations", "2", "--quiet");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(2, Directory.GetFiles(folder, "*.png").Length);
    }

    public static TheoryData<int, string, string[]> BadObjectives() => new()
    {
        { 1, "channel 9999 is out of range", ["--objective", "layer3[9999]"] },
        { 1, "no layer 'nosuch'", ["--objective", "layer3 - nosuch[2]"] },
        { 1, "cannot read the objective", ["--objective", "layer3 +* 2"] },
        { 1, "guide image", ["--guide", "/nonexistent/guide.png"] },
        { 1, "not an image", ["--guide", TestImages.Write("guide.png", "text"u8.ToArray())] },
        { 1, "choose one of", ["--guide", Photo, "--channel", "3"] },
        { 2, "strongest must be between 1 and 64", ["--strongest", "0"] },
    };

    [Theory]
    [MemberData(nameof(BadObjectives))]
    public void BadObjectivesAreOneLineErrors(int exitCode, string expected, string[] options)
    {
        var output = TestImages.TempPath("bad.png");
        var result = CliRunner.Run(["dream", Photo, "-o", output, "--max-size", "64", "--quiet", .. options]);
        Assert.Equal(exitCode, result.ExitCode);
        Assert.Contains(expected, result.Stderr);
        Assert.Single(result.Stderr.TrimEnd().Split('\n'));
        Assert.False(File.Exists(output));
    }
}
