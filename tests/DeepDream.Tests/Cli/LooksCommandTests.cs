using System.Text.Json;
using DeepDream.Imaging;
using DeepDream.Tests.Support;
using Xunit;

namespace DeepDream.Tests.Cli;

public class LooksCommandTests
{
    static readonly string Photo = TestImages.Photo("chelsea.png");

    [Fact]
    public void ThePhotoAndEachLayerSideBySideEachDreamRaisingItsObjective()
    {
        var output = TestImages.TempPath("looks.png");
        var result = CliRunner.Run("looks", Photo, "-o", output, "--layers", "layer2, parts", "--max-size", "64", "--octaves", "2", "--iterations", "3", "--seed", "2", "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var looks = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("looks").EnumerateArray().ToList();
        Assert.Equal(["layer2", "parts: layer3.0"], looks.Select(l => l.GetProperty("label").GetString()));
        Assert.All(looks, l => Assert.True(l.GetProperty("objective").GetProperty("output").GetDouble() > l.GetProperty("objective").GetProperty("input").GetDouble()));
        var sheet = ImageFile.Read(output);
        var photo = ImageFile.Read(Photo, 64);
        Assert.Equal(3 * (photo.Width + 4) + 4, sheet.Width);
    }

    [Theory]
    [InlineData(1, "no layer 'nosuch'", "--layers", "layer2,nosuch")]
    [InlineData(2, "names no layer", "--layers", ",")]
    public void BadLayersAreOneLineErrors(int exitCode, string expected, string option, string value)
    {
        var output = TestImages.TempPath("looks.png");
        var result = CliRunner.Run("looks", Photo, "-o", output, option, value, "--max-size", "48", "--iterations", "1", "--quiet");
        Assert.Equal(exitCode, result.ExitCode);
        Assert.Contains(expected, result.Stderr);
        Assert.Single(result.Stderr.TrimEnd().Split('\n'));
        Assert.False(File.Exists(output));
    }
}
