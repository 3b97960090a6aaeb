using System.Text.Json;
using DeepDream.Tests.Support;
using Xunit;
using static DeepDream.Graph.Attributes;

namespace DeepDream.Tests.Cli;

public class EngineCommandTests
{
    [Fact]
    public void LayersListsResNetStagesWithShapesAsJson()
    {
        var result = CliRunner.Run("layers", "--json");
        Assert.Equal(0, result.ExitCode);
        var json = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal("resnet18", json.GetProperty("model").GetString());
        var layers = json.GetProperty("layers").EnumerateArray().ToDictionary(l => l.GetProperty("name").GetString()!);
        Assert.Equal(256, layers["layer3"].GetProperty("channels").GetInt32());
        Assert.Equal(14, layers["layer3"].GetProperty("height").GetInt32());
        Assert.Equal(7, layers["layer4"].GetProperty("width").GetInt32());
    }

    [Fact]
    public void ModelsCheckPassesOnResNet18()
    {
        var result = CliRunner.Run("models", "check", "resnet18", "--json");
        Assert.Equal(0, result.ExitCode);
        var json = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.True(json.GetProperty("passed").GetBoolean());
        Assert.Equal(0, json.GetProperty("unsupportedOps").GetArrayLength());
        Assert.Equal(5, json.GetProperty("checks").GetArrayLength());
        Assert.All(json.GetProperty("checks").EnumerateArray(), c => Assert.True(c.GetProperty("relativeError").GetDouble() < 0.02));
    }

    [Fact]
    public void ModelsCheckReportsAnOpWithoutGradientAndFails()
    {
        var g = new TinyGraph(1, 3, 16, 16);
        var r = new Random(1);
        var conv = g.Op("Relu", [g.Op("Conv", [TinyGraph.X, g.Random(r, 4, 3, 3, 3)])]);
        g.Op("Relu", [g.Op("Conv", [g.Op("Sin", [conv]), g.Random(r, 4, 4, 3, 3)])]);
        var path = Path.Combine(Path.GetTempPath(), $"sin-{Guid.NewGuid():N}.onnx");
        g.Save(path);
        try
        {
            var result = CliRunner.Run("models", "check", path, "--json");
            Assert.Equal(1, result.ExitCode);
            var json = JsonDocument.Parse(result.Stdout).RootElement;
            Assert.Equal(["Sin"], json.GetProperty("unsupportedOps").EnumerateArray().Select(o => o.GetString()));
            Assert.False(json.GetProperty("passed").GetBoolean());
        }
        finally { File.Delete(path); }
    }

    public static TheoryData<string, string[]> BadInputs => new()
    {
        { "does not exist", ["layers", "--model", "/nonexistent/model.onnx"] },
        { "not a valid ONNX model", ["layers", "--model", WriteFile("text.onnx", "this is not a model"u8.ToArray())] },
        { "not a valid ONNX model", ["models", "check", WriteFile("truncated.onnx", File.ReadAllBytes(ResNet18Path)[..200_000])] },
        { "no layer 'nosuchlayer'", ["models", "check", "resnet18", "--layer", "nosuchlayer"] },
        { "unknown model 'nosuchmodel'", ["layers", "--model", "nosuchmodel"] },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadInputIsOneLineAndExitCode1(string expected, string[] args)
    {
        var result = CliRunner.Run(args);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.Stderr);
        Assert.Single(result.Stderr.TrimEnd().Split('\n'));
    }

    [Fact]
    public void UsageErrorsExitWith2()
    {
        var result = CliRunner.Run("layers", "--no-such-option");
        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Stderr.TrimEnd().Split('\n'));
    }

    static string ResNet18Path => Path.Combine(AppContext.BaseDirectory, "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx");

    static string WriteFile(string name, byte[] content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"deepdream-test-{name}");
        File.WriteAllBytes(path, content);
        return path;
    }
}
