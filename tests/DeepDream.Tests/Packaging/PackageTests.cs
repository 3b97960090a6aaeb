using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using DeepDream.Tests.Support;
using Xunit;

namespace DeepDream.Tests.Packaging;

/// <summary>
/// The routes a .NET user takes: the library from a feed with `dotnet add package`, the command line with `dotnet tool
/// install`. Both packages are packed from this build into a temporary feed; everything then runs in folders with no
/// repository around them. The packages get a version of their own, so no copy a NuGet cache kept from another run
/// stands in for them.
/// </summary>
public sealed class PackageTests(PackageTests.Feed feed) : IClassFixture<PackageTests.Feed>
{
    /// <summary>The two packages, packed once for the tests here.</summary>
    public sealed class Feed : IDisposable
    {
        public string Folder { get; } = Directory.CreateTempSubdirectory("deepdream-feed-").FullName;

        public string Version { get; } = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

        public Feed()
        {
            try
            {
                // The projects this test run has just built (the test references them): packing them needs no build of its own.
                foreach (var project in new[] { "DeepDream", "DeepDream.Cli" })
                    Run("dotnet", TestImages.RepositoryRoot, "pack", Path.Combine("src", project), "--no-build", "-c", Configuration,
                        "-o", Folder, $"-p:PackageVersion={Version}");
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public string Package(string id) => Path.Combine(Folder, $"{id}.{Version}.nupkg");

        public void Dispose() => Directory.Delete(Folder, recursive: true);
    }

#if DEBUG
    const string Configuration = "Debug";
#else
    const string Configuration = "Release";
#endif

    [Fact]
    public void LibraryPackageHasItsDocsReadmeLicenseAndTheModelsThroughItsDependency()
    {
        using var package = ZipFile.OpenRead(feed.Package("DeepDream"));
        var entries = package.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("lib/net10.0/DeepDream.dll", entries);
        Assert.Contains("lib/net10.0/DeepDream.xml", entries);
        Assert.Contains("README.md", entries);
        Assert.Contains("LICENSE", entries);
        // 64 MB of weights belong to their own package, not to ours.
        Assert.DoesNotContain(entries, e => e.EndsWith(".onnx"));
        using var nuspec = new StreamReader(package.GetEntry("DeepDream.nuspec")!.Open());
        var metadata = nuspec.ReadToEnd();
        Assert.Contains("<dependency id=\"Microsoft.ML.DnnImageFeaturizer.ResNet18\" version=\"0.23.1\"", metadata);
        Assert.Contains("<license type=\"expression\">MIT</license>", metadata);
    }

    [Fact]
    public async Task ToolFromTheFeedAloneDreamsAndListsLayersInAnEmptyFolder()
    {
        var tools = Directory.CreateTempSubdirectory("deepdream-tools-").FullName;
        var empty = Directory.CreateTempSubdirectory("deepdream-user-").FullName;
        try
        {
            Run("dotnet", empty, "tool", "install", "DeepDream.Cli", "--tool-path", tools, "--source", feed.Folder, "--version", feed.Version);
            var deepdream = Path.Combine(tools, "deepdream");
            File.Copy(TestImages.Photo("chelsea.png"), Path.Combine(empty, "photo.png"));

            var dream = Run(deepdream, empty, "dream", "photo.png", "-o", "dream.png", "--octaves", "2", "--iterations", "4", "--seed", "1", "--quiet", "--json");
            var objective = JsonDocument.Parse(dream).RootElement.GetProperty("objective");
            Assert.True(objective.GetProperty("output").GetDouble() > 1.5 * objective.GetProperty("input").GetDouble(), dream);
            Assert.True(new FileInfo(Path.Combine(empty, "dream.png")).Length > 10_000);

            var layers = Run(deepdream, empty, "layers");
            Assert.Contains("layer3", layers);
            Assert.Contains("parts", layers);

            // The services' units, as the README has a user print them from the installed tool, are valid for systemd.
            var api = Path.Combine(empty, "deepdream-api.service");
            File.WriteAllText(api, Run(deepdream, empty, "serve", "--public", "--urls", "http://0.0.0.0:8080", "--workers", "0", "--print-systemd-unit"));
            var worker = Path.Combine(empty, "deepdream-worker.service");
            File.WriteAllText(worker, Run(deepdream, empty, "worker", "--health", "http://0.0.0.0:9100", "--print-systemd-unit"));
            Assert.Contains($"ExecStart={deepdream} serve --public --urls http://0.0.0.0:8080 --workers 0\n", File.ReadAllText(api));
            Run("systemd-analyze", empty, "verify", api, worker);

            // The studio comes in the tool: its page and its API answer.
            var port = Ports.Free();
            using var studio = Process.Start(new ProcessStartInfo(deepdream, ["serve", "--urls", $"http://127.0.0.1:{port}", "--data", Path.Combine(empty, "studio")])
            {
                WorkingDirectory = empty,
            })!;
            try
            {
                using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
                Assert.True(await AnswersAsync(http, "/healthz", TimeSpan.FromMinutes(1)), "the tool's studio did not answer /healthz");
                Assert.Contains("<title>deepdream", await http.GetStringAsync("/"));
            }
            finally
            {
                studio.Kill(entireProcessTree: true);
                studio.WaitForExit();
            }
        }
        finally
        {
            Directory.Delete(tools, recursive: true);
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public void ExampleBuildsAgainstThePackageAndDreams()
    {
        var work = Directory.CreateTempSubdirectory("deepdream-example-").FullName;
        try
        {
            var example = Path.Combine(work, "DreamPhoto");
            Directory.CreateDirectory(example);
            foreach (var file in Directory.GetFiles(Path.Combine(TestImages.RepositoryRoot, "examples", "DreamPhoto")))
                File.Copy(file, Path.Combine(example, Path.GetFileName(file)));
            // The feed is the only source. The packages it depends on come from this machine's NuGet folder, where
            // restoring this repository put them, as a fallback that is read, never written: DeepDream itself lands in a
            // folder of the test's own.
            File.WriteAllText(Path.Combine(work, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources><clear /><add key="feed" value="{feed.Folder}" /></packageSources>
                  <fallbackPackageFolders><clear /><add key="machine" value="{GlobalPackages()}" /></fallbackPackageFolders>
                  <config><add key="globalPackagesFolder" value="{Path.Combine(work, "packages")}" /></config>
                </configuration>
                """);
            File.Copy(TestImages.Photo("chelsea.png"), Path.Combine(work, "photo.png"));

            var output = Run("dotnet", work, "run", "--project", "DreamPhoto", $"-p:DeepDreamVersion={feed.Version}", "--", "photo.png", "dream.png");
            var rose = output.Split('\n').Single(l => l.StartsWith("objective ")).Split(' ');
            Assert.True(double.Parse(rose[3]) > 1.5 * double.Parse(rose[1]), output);
            Assert.True(File.Exists(Path.Combine(work, "dream.png")));
            Assert.True(Directory.Exists(Path.Combine(work, "packages", "deepdream", feed.Version)), "DeepDream came from the feed");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Whether the server answers <paramref name="path"/> with a success before <paramref name="patience"/> runs out.</summary>
    static async Task<bool> AnswersAsync(HttpClient http, string path, TimeSpan patience)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < patience)
        {
            try
            {
                if ((await http.GetAsync(path)).IsSuccessStatusCode) return true;
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        return false;
    }

    static string GlobalPackages() => Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder
        ? folder
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>Runs a program to its end and returns what it wrote to stdout; a failure is the test's, with its output.</summary>
    static string Run(string program, string folder, params string[] args)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        // As a user's shell has it: no MSBuild settings of the build that runs this test, no studio's secrets; and no
        // build servers left running after the test.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k == "VSTEST_HOST_DEBUG").Concat(Cli.CliRunner.Secrets).ToList())
            start.Environment.Remove(name);
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["UseSharedCompilation"] = "false";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(4))) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} failed ({process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
        return stdout.Result;
    }
}
