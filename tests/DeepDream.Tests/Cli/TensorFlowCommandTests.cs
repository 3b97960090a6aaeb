using System.IO.Compression;
using System.Text.Json;
using DeepDream.Tests.Support;
using DeepDream.Benchmarks;
using Xunit;

namespace DeepDream.Tests.Cli;

/// <summary>The replica written once as a .pb file, as a user would have the real one.</summary>
public sealed class ReplicaFile : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("deepdream-replica").FullName;
    public string Path { get; }

    public ReplicaFile() => Path = Inception5hReplica.Write(System.IO.Path.Combine(Folder, "tensorflow_inception_graph.pb"));

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

public class TensorFlowCommandTests(ReplicaFile replica) : IClassFixture<ReplicaFile>
{
    [Fact]
    public void LayersPrintsTheNotebooksCounts()
    {
        var result = CliRunner.Run("layers", "--model", replica.Path);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("Number of layers: 59", result.Stdout);
        Assert.Contains("Total number of feature channels: 7548", result.Stdout);
        Assert.Contains("mixed4d_3x3_bottleneck_pre_relu", result.Stdout);
    }

    [Fact]
    public void ModelsCheckPassesOnTheReplica()
    {
        var result = CliRunner.Run("models", "check", replica.Path, "--json");
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.True(JsonDocument.Parse(result.Stdout).RootElement.GetProperty("passed").GetBoolean());
    }

    [Fact]
    public void DreamsOnAChannelOfTheReplica()
    {
        var output = TestImages.TempPath("tf.png");
        var result = CliRunner.Run("dream", TestImages.Photo("chelsea.png"), "-o", output, "--model", replica.Path,
            "--layer", "mixed4d_3x3_bottleneck_pre_relu", "--channel", "139", "--max-size", "97", "--octaves", "2", "--iterations", "2", "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var json = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal(97, json.GetProperty("output").GetProperty("width").GetInt32());
        Assert.True(File.Exists(output));
    }

    [Fact]
    public void ZoomsIntoTheReplica()
    {
        var folder = TestImages.TempPath("frames") + "/";
        var result = CliRunner.Run("zoom", TestImages.Photo("chelsea.png"), "-o", folder, "--model", replica.Path, "--layer", "mixed4c",
            "--dream-steps", "1", "--zoom-steps", "2", "--size", "64", "--octaves", "1", "--iterations", "2", "--seed", "1", "--quiet");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(3, Directory.GetFiles(folder, "*.png").Length);
    }

    [Fact]
    public async Task TheStudioListsTheInstalledGraphWithItsLayers()
    {
        var (home, env) = HomeWithout();
        Install(home);
        using var studio = CliRunner.Start(env, "serve", "--urls", "http://127.0.0.1:0", "--data", Path.Combine(home, "studio"));
        try
        {
            string? line;
            do line = await studio.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
            while (line is not null && !line.StartsWith("deepdream studio on "));
            Assert.NotNull(line);
            using var client = new HttpClient { BaseAddress = new Uri(line["deepdream studio on ".Length..].Split(' ', ',')[0]) };
            var models = JsonDocument.Parse(await client.GetStringAsync("/api/models")).RootElement.EnumerateArray();
            var inception = models.Single(m => m.GetProperty("name").GetString() == "inception5h");
            Assert.True(inception.GetProperty("installed").GetBoolean());
            Assert.Equal("mixed4c", inception.GetProperty("defaultLayer").GetString());
            var mixed4c = inception.GetProperty("layers").EnumerateArray().Single(l => l.GetProperty("name").GetString() == "mixed4c");
            Assert.Equal(512, mixed4c.GetProperty("channels").GetInt64());
        }
        finally { studio.Kill(entireProcessTree: true); }
    }

    /// <summary>A models folder of its own, with nothing installed yet.</summary>
    static (string Home, Dictionary<string, string> Environment) HomeWithout()
    {
        var home = Directory.CreateTempSubdirectory("deepdream-home").FullName;
        return (home, new Dictionary<string, string> { ["DEEPDREAM_HOME"] = home });
    }

    /// <summary>Puts the replica where `models pull` would put the real graph.</summary>
    void Install(string home)
    {
        Directory.CreateDirectory(Path.Combine(home, "inception5h"));
        File.Copy(replica.Path, Path.Combine(home, "inception5h", "tensorflow_inception_graph.pb"));
    }

    [Fact]
    public void Inception5hIsFoundOnceInstalledAndExplainedUntilThen()
    {
        var (home, env) = HomeWithout();

        var missing = CliRunner.RunWith(env, "layers", "--model", "inception5h");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("not installed", missing.Stderr);
        Assert.Contains(Path.Combine(home, "inception5h", "tensorflow_inception_graph.pb"), missing.Stderr);
        Assert.Contains("not installed", CliRunner.RunWith(env, "models").Stdout);

        Install(home);
        var installed = CliRunner.RunWith(env, "layers", "--model", "inception5h", "--json");
        Assert.Equal(0, installed.ExitCode);
        Assert.Equal(7548, JsonDocument.Parse(installed.Stdout).RootElement.GetProperty("featureChannels").GetInt64());
        Assert.Contains("installed", CliRunner.RunWith(env, "models").Stdout);
    }

    [Fact]
    public void PullRefusesAnArchiveThatIsNotTheOfficialOne()
    {
        var home = Directory.CreateTempSubdirectory("deepdream-home").FullName;
        var zip = Path.Combine(home, "inception5h.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
            archive.CreateEntryFromFile(replica.Path, "tensorflow_inception_graph.pb");
        var result = CliRunner.RunWith(new Dictionary<string, string> { ["DEEPDREAM_HOME"] = home }, "models", "pull", "inception5h", "--from", zip);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not the official inception5h.zip", result.Stderr);
        Assert.False(File.Exists(Path.Combine(home, "inception5h", "tensorflow_inception_graph.pb")));
    }

    [Fact]
    public void PullWithoutNetworkSaysWhereToPutTheFile()
    {
        var home = Directory.CreateTempSubdirectory("deepdream-home").FullName;
        var result = CliRunner.RunWith(new Dictionary<string, string> { ["DEEPDREAM_HOME"] = home },
            "models", "pull", "inception5h", "--from", "http://127.0.0.1:9/inception5h.zip");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cannot download", result.Stderr);
        Assert.Contains(Path.Combine(home, "inception5h", "tensorflow_inception_graph.pb"), result.Stderr);
    }

    public static TheoryData<string, string> BadGraphs() => new()
    {
        { "truncated", "not a valid TensorFlow graph" },
        { "not a graph", "not a valid TensorFlow graph" },
        { "unsupported op", "does not support: Tanh (node 'squash')" },
    };

    [Theory]
    [MemberData(nameof(BadGraphs))]
    public void BadGraphsAreOneLineErrors(string kind, string expected)
    {
        var path = TestImages.TempPath("bad.pb");
        switch (kind)
        {
            case "truncated": File.WriteAllBytes(path, File.ReadAllBytes(replica.Path)[..100_000]); break;
            case "not a graph": File.WriteAllText(path, "this is not a protobuf at all, just text\n"); break;
            default:
                var graph = Inception5hReplica.Build();
                graph.Node.Add(new DeepDream.Importers.TensorFlow.Proto.NodeDef { Name = "squash", Op = "Tanh", Input = { "mixed3a" } });
                using (var file = File.Create(path)) Google.Protobuf.MessageExtensions.WriteTo(graph, file);
                break;
        }
        var result = CliRunner.Run("layers", "--model", path);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.Stderr);
        Assert.Single(result.Stderr.TrimEnd().Split('\n'));
    }
}
