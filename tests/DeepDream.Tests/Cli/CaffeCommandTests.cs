using DeepDream.Importers.Caffe.Proto;
using DeepDream.Tests.Models;
using DeepDream.Tests.Support;
using Google.Protobuf;
using Xunit;

namespace DeepDream.Tests.Cli;

/// <summary>`models pull` and `--model` for the Caffe networks, as a user runs them, on replicas built from the public deploy definitions.</summary>
public class CaffeCommandTests
{
    static (string Home, Dictionary<string, string> Environment) Home()
    {
        var home = Directory.CreateTempSubdirectory("deepdream-home").FullName;
        return (home, new Dictionary<string, string> { ["DEEPDREAM_HOME"] = home });
    }

    [Fact]
    public void PullRefusesAFileWithTheWrongDigest()
    {
        var (home, env) = Home();
        var impostor = CaffeReplica.Write(CaffeReplica.Weights(GoogLeNetReplicas.Deploy("bvlc_googlenet"), seed: 2, last: "pool1/3x3_s2"), "fake.caffemodel");

        var result = CliRunner.RunWith(env, "models", "pull", "bvlc_googlenet", "--from", impostor);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is not the official bvlc_googlenet.caffemodel (SHA-1 ", result.Stderr);
        Assert.Empty(Directory.GetFiles(home, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void PullInstallsPlaces365FromACopyCheckedByItsStructureAndDreamsWithIt()
    {
        var (home, env) = Home();
        var deploy = GoogLeNetReplicas.Deploy("googlenet_places365");
        var copy = CaffeReplica.Write(CaffeReplica.Weights(deploy, seed: 4), "googlenet_places365.caffemodel");

        var pulled = CliRunner.RunWith(env, "models", "pull", "googlenet_places365", "--from", copy);

        Assert.True(pulled.ExitCode == 0, pulled.Stderr);
        var installed = Path.Combine(home, "googlenet_places365", "googlenet_places365.caffemodel");
        Assert.Contains($"installed {installed} (SHA-256 {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(copy)))})", pulled.Stderr);

        var output = TestImages.TempPath("places.png");
        var dream = CliRunner.RunWith(env, "dream", TestImages.Photo("coffee.png"), "-o", output, "--model", "googlenet_places365",
            "--layer", "inception_3b/output", "--iterations", "2", "--octaves", "1", "--max-size", "96");
        Assert.True(dream.ExitCode == 0, dream.Stderr);
        Assert.True(File.Exists(output));
    }

    [Fact]
    public void PullRefusesAnotherNetworkWhereNoDigestIsPublished()
    {
        var (home, env) = Home();
        // bvlc_googlenet's structure, 1000 classes: not Places365's 365.
        var other = CaffeReplica.Write(CaffeReplica.Weights(GoogLeNetReplicas.Deploy("bvlc_googlenet"), seed: 5), "other.caffemodel");

        var result = CliRunner.RunWith(env, "models", "pull", "googlenet_places365", "--from", other);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is not googlenet_places365", result.Stderr);
        Assert.Empty(Directory.GetFiles(home, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void PullWithoutNetworkGivesTheAddressAndTheFolder()
    {
        var (home, env) = Home();
        var result = CliRunner.RunWith(env, "models", "pull", "vgg16", "--from", "http://127.0.0.1:9/VGG_ILSVRC_16_layers.caffemodel");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cannot download http://127.0.0.1:9/VGG_ILSVRC_16_layers.caffemodel", result.Stderr);
        Assert.Contains("--from vgg16.caffemodel", result.Stderr);
        Assert.Contains(Path.Combine(home, "vgg16"), result.Stderr);

        var missing = CliRunner.RunWith(env, "layers", "--model", "bvlc_googlenet");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("http://dl.caffe.berkeleyvision.org/bvlc_googlenet.caffemodel", missing.Stderr);
    }

    [Fact]
    public async Task EveryCommandAndTheStudioWorkOnAnInstalledCaffeNetwork()
    {
        // As a user installs a file downloaded elsewhere by hand: put where 'models pull' puts it.
        var (home, env) = Home();
        Directory.CreateDirectory(Path.Combine(home, "bvlc_googlenet"));
        File.Copy(CaffeReplica.Write(CaffeReplica.Weights(GoogLeNetReplicas.Deploy("bvlc_googlenet"), seed: 8), "g.caffemodel"),
            Path.Combine(home, "bvlc_googlenet", "bvlc_googlenet.caffemodel"));
        string[] model = ["--model", "bvlc_googlenet"];

        var layers = CliRunner.RunWith(env, ["layers", .. model, "--json"]);
        Assert.True(layers.ExitCode == 0, layers.Stderr);
        var listed = System.Text.Json.JsonDocument.Parse(layers.Stdout).RootElement.GetProperty("layers").EnumerateArray()
            .ToDictionary(l => l.GetProperty("name").GetString()!, l => l.GetProperty("channels").GetInt32());
        Assert.Equal((512, 480, 192), (listed["inception_4c/output"], listed["inception_3b/output"], listed["conv2/3x3"]));

        var check = CliRunner.RunWith(env, "models", "check", "bvlc_googlenet", "--layer", "inception_4c/output", "conv2/3x3");
        Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);
        Assert.Contains("gradient check passed", check.Stdout);

        var picture = TestImages.TempPath("channel.png");
        var visualize = CliRunner.RunWith(env, ["visualize", .. model, "--layer", "inception_4c/output", "--channel", "7", "--size", "64", "--iterations", "3", "-o", picture]);
        Assert.True(visualize.ExitCode == 0, visualize.Stderr);

        var frames = TestImages.TempPath("frames") + "/";
        var zoom = CliRunner.RunWith(env, ["zoom", TestImages.Photo("chelsea.png"), "-o", frames, .. model, "--layer", "inception_3b/output",
            "--dream-steps", "1", "--zoom-steps", "2", "--size", "64", "--octaves", "1", "--iterations", "2", "--seed", "1", "--quiet"]);
        Assert.True(zoom.ExitCode == 0, zoom.Stderr);
        Assert.Equal(3, Directory.GetFiles(frames, "*.png").Length);

        using var studio = CliRunner.Start(env, "serve", "--urls", "http://127.0.0.1:0", "--data", Path.Combine(home, "studio"));
        try
        {
            string? line;
            do line = await studio.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
            while (line is not null && !line.StartsWith("deepdream studio on "));
            using var client = new HttpClient { BaseAddress = new Uri(line!["deepdream studio on ".Length..].Split(' ', ',')[0]) };
            var models = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/api/models")).RootElement.EnumerateArray().ToList();
            var googlenet = models.Single(m => m.GetProperty("name").GetString() == "bvlc_googlenet");
            Assert.True(googlenet.GetProperty("installed").GetBoolean());
            Assert.Equal("inception_4c/output", googlenet.GetProperty("defaultLayer").GetString());
            Assert.False(models.Single(m => m.GetProperty("name").GetString() == "vgg16").GetProperty("installed").GetBoolean());
        }
        finally { studio.Kill(entireProcessTree: true); }
    }

    public static TheoryData<string, string> BadFiles() => new()
    {
        { "truncated", "not a valid Caffe model" },
        { "text", "not a valid Caffe model" },
        { "onnx", "not a Caffe model: it holds no named layers with weights" },
    };

    /// <summary>An ONNX network with weights, as a user might rename one: protobuf too, so it parses, but as no Caffe layer.</summary>
    static byte[] OnnxFile()
    {
        var tiny = new TinyGraph(1, 3, 8, 8);
        tiny.G.NodeInto("y", "Conv", [TinyGraph.X, tiny.G.Floats(new float[4 * 3 * 9], 4, 3, 3, 3)]);
        tiny.Model.Graph.Output.Add(new Onnx.ValueInfoProto { Name = "y" });
        return tiny.Model.ToByteArray();
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void BadFilesAreOneLineErrors(string kind, string expected)
    {
        var path = TestImages.TempPath($"{kind}.caffemodel");
        var real = CaffeReplica.Weights(GoogLeNetReplicas.Deploy("bvlc_googlenet"), seed: 6, last: "conv2/3x3").ToByteArray();
        File.WriteAllBytes(path, kind switch
        {
            "truncated" => real[..(real.Length / 2)],
            "text" => "name: \"GoogleNet\"\nlayer { name: \"conv1\" }\n"u8.ToArray(),
            _ => OnnxFile(),
        });

        var result = CliRunner.Run("layers", "--model", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }
}
