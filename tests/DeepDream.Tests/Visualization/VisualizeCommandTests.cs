using System.Text.Json;
using DeepDream.Imaging;
using DeepDream.Tests.Cli;
using DeepDream.Tests.Support;
using Xunit;

namespace DeepDream.Tests.Visualization;

public class VisualizeCommandTests(ReplicaFile replica) : IClassFixture<ReplicaFile>
{
    [Fact]
    public void VisualizesAChannelAndReportsItInJson()
    {
        var output = TestImages.TempPath("channel.png");
        var json = Succeeds("visualize", "--layer", "layer3", "--channel", "17", "--size", "48", "--iterations", "8", "--seed", "3", "-o", output, "--json");
        Assert.Equal("resnet18", json.GetProperty("model").GetString());
        Assert.Equal("layer3", json.GetProperty("layer").GetString());
        Assert.Equal(17, json.GetProperty("channel").GetInt32());
        Assert.Equal("fourier", json.GetProperty("renderer").GetString());
        Assert.Equal(48, json.GetProperty("size").GetInt32());
        var objective = json.GetProperty("objective");
        Assert.True(objective.GetProperty("end").GetDouble() > objective.GetProperty("start").GetDouble(), objective.ToString());
        Assert.True(json.GetProperty("seconds").GetDouble() > 0);
        var image = ImageFile.Read(output);
        Assert.Equal((48, 48), (image.Width, image.Height));
    }

    [Fact]
    public void VisualizesAnObjectiveExpression()
    {
        var json = Succeeds("visualize", "--objective", "layer3[5] + 0.5*layer4.0[9] - layer2[3]", "--size", "48", "--iterations", "8", "--seed", "3", "-o", TestImages.TempPath("expression.png"), "--json");
        Assert.Equal("layer3[5] + 0.5*layer4.0[9] - layer2[3]", json.GetProperty("layer").GetString());
        var objective = json.GetProperty("objective");
        Assert.True(objective.GetProperty("end").GetDouble() > objective.GetProperty("start").GetDouble(), objective.ToString());
    }

    /// <summary>The notebook's call, render_lapnorm(T('mixed4d_3x3_bottleneck_pre_relu')[:,:,:,139]), with all its defaults.</summary>
    [Fact]
    public void RendersTheNotebooksLapnormCallOnTheInceptionReplica()
    {
        var output = TestImages.TempPath("lapnorm.png");
        var json = Succeeds("visualize", "--model", replica.Path, "--layer", "mixed4d_3x3_bottleneck_pre_relu", "--channel", "139", "--renderer", "lapnorm", "-o", output, "--json");
        Assert.Equal(224, json.GetProperty("size").GetInt32());
        Assert.Equal(438, json.GetProperty("output").GetProperty("width").GetInt32());
        var objective = json.GetProperty("objective");
        Assert.True(objective.GetProperty("end").GetDouble() > objective.GetProperty("start").GetDouble(), objective.ToString());
    }

    [Fact]
    public void MakesASheetOfTheReplicasMixed4a()
    {
        var output = TestImages.TempPath("sheet.png");
        Assert.Equal(4, Succeeds("sheet", "--model", replica.Path, "--layer", "mixed4a", "--channels", "0-3", "--size", "48", "--iterations", "2", "-o", output, "--json").GetProperty("channels").GetArrayLength());
        Assert.Equal(4 * (48 + 2) + 2, ImageFile.Read(output).Width);
    }

    [Fact]
    public void ASheetLabelsEachTileWithItsChannel()
    {
        var output = TestImages.TempPath("sheet.png");
        var json = Succeeds("sheet", "--layer", "layer2", "--channels", "3-5", "--size", "48", "--iterations", "2", "--seed", "1", "-o", output, "--json");
        Assert.Equal([3, 4, 5], json.GetProperty("channels").EnumerateArray().Select(c => c.GetProperty("channel").GetInt32()));

        // Three 48-pixel tiles in a row, 2-pixel gaps, a 12-pixel label under each.
        var sheet = ImageFile.Read(output);
        Assert.Equal((3 * 50 + 2, 48 + 12 + 4), (sheet.Width, sheet.Height));
        var labels = Enumerable.Range(0, 3).Select(t => Label(sheet, 2 + t * 50, 2 + 48, 48, 12)).ToList();
        Assert.All(labels, l => Assert.InRange(l.Count(v => v < 160), 8, 48 * 12 / 3));
        Assert.NotEqual(labels[0], labels[1]);
    }

    /// <summary>Runs the CLI, which must succeed, and returns its JSON.</summary>
    static JsonElement Succeeds(params string[] args)
    {
        var result = CliRunner.Run(args);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return JsonDocument.Parse(result.Stdout).RootElement;
    }

    static float[] Label(RgbImage sheet, int x, int y, int width, int height) =>
        [.. Enumerable.Range(0, height).SelectMany(row => sheet.Pixels.AsSpan((y + row) * sheet.Width + x, width).ToArray())];

    [Theory]
    [InlineData(1, "out of range", "visualize", "--layer", "layer3", "--channel", "9999", "--size", "48")]
    [InlineData(1, "has no layer", "visualize", "--layer", "layer9", "--channel", "1")]
    [InlineData(2, "not both", "visualize", "--layer", "layer3", "--channel", "1", "--neuron", "1")]
    [InlineData(2, "has no octaves", "visualize", "--renderer", "naive", "--octaves", "2")]
    [InlineData(2, "size must be", "visualize", "--size", "8")]
    [InlineData(2, "leave out layer", "visualize", "--objective", "layer3[1]", "--layer", "layer2")]
    [InlineData(1, "cannot read the objective", "visualize", "--objective", "layer3[1] +")]
    [InlineData(2, "renderer must be one of naive, multiscale, lapnorm, fourier, not 'bogus'", "visualize", "--renderer", "bogus")]
    [InlineData(2, "lower number first", "sheet", "--layer", "layer3", "--channels", "9-2")]
    [InlineData(2, "range like 0-63", "sheet", "--layer", "layer3", "--channels", "a-b")]
    [InlineData(1, "layer3 has channels 0 to 255", "sheet", "--layer", "layer3", "--channels", "250-300", "--size", "48")]
    public void BadInputIsOneLine(int exitCode, string message, params string[] args)
    {
        var result = CliRunner.Run([.. args, "-o", TestImages.TempPath("out.png")]);
        Assert.True(result.ExitCode == exitCode, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.Contains(message, result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.StartsWith("deepdream: ", result.Stderr);
    }

    [Theory]
    [InlineData("visualize")]
    [InlineData("sheet")]
    public void AnUnwritableOutputIsRefusedBeforeAnyWork(string command)
    {
        foreach (var (output, message) in new[] { ("/no/such/folder/out.png", "does not exist"), (TestImages.TempPath("out.txt"), "extension") })
        {
            var result = CliRunner.Run(command, "--layer", "layer3", "-o", output);
            Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}: {result.Stderr}");
            Assert.Contains(message, result.Stderr);
            Assert.Single(result.Stderr.Trim().Split('\n'));
        }
    }
}
