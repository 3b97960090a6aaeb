using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DeepDream.Dreaming;
using DeepDream.Tests.Cli;
using DeepDream.Tests.Support;
using DeepDream.Tests.Web;
using DeepDream.Video;
using DeepDream.Video.Clips;
using Xunit;

namespace DeepDream.Tests.Hostile;

/// <summary>
/// Clips as an attacker sends them, through the command line and through a public studio's upload: each file that
/// points at others is refused in one line, quickly, before ffmpeg reads a byte it names; a clip too long or too
/// large is refused from its headers; a damaged real clip dreams or fails in one line; the studio answers
/// /healthz all along.
/// </summary>
[Collection(BusyStudios.Name)]
public sealed class HostileMediaTests(HostileMedia media) : IClassFixture<HostileMedia>
{
    /// <summary>The refusals the issue asks for: two seconds, where they take milliseconds.</summary>
    static readonly TimeSpan Quickly = TimeSpan.FromSeconds(2);

    static readonly (string, string)[] Quick = [("iterations", "1"), ("firstIterations", "1"), ("octaves", "1"), ("seed", "3"), ("end", "2")];

    public static TheoryData<string> Pointers() => [.. HostileMedia.Pointers];

    [Fact]
    public void TheCorpusIsRealAGuessingFfmpegFollowsItsLists()
    {
        var secret = Ffmpeg.Video(media.Secret).GetProperty("nb_read_frames").GetString();
        // As ffprobe is run by hand, naming no format: each list is read as what it is, and the clip it names is decoded.
        Assert.Equal(secret, Ffmpeg.Video(media.Pointer("hls", media.Secret)).GetProperty("nb_read_frames").GetString());
        var relative = media.Pointer("ffconcat", "secret.mp4");
        File.Copy(media.Secret, Path.Combine(Path.GetDirectoryName(relative)!, "secret.mp4"));
        Assert.Equal(secret, Ffmpeg.Video(relative).GetProperty("nb_read_frames").GetString());
    }

    [Theory]
    [MemberData(nameof(Pointers))]
    public void TheCommandLineRefusesListsInOneLineAndWritesNothing(string kind)
    {
        var output = TestImages.TempPath("stolen.mp4");
        var result = RunVideo(media.Pointer(kind, media.Secret), output);
        Assert.Equal(1, result.ExitCode);
        AssertOneLine(result.Stderr, HostileMedia.Refusal(kind));
        Assert.False(File.Exists(output));
        Assert.False(Directory.Exists(output + ".frames"));
    }

    [Theory]
    [MemberData(nameof(Pointers))]
    public void TheLibraryRefusesListsBeforeFfmpegRuns(string kind)
    {
        var pointer = media.Pointer(kind, media.Secret);
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<DeepDreamException>(() => VideoProbe.Probe(pointer));
        Assert.True(clock.Elapsed < Quickly, $"{clock.Elapsed.TotalSeconds:0.00} s");
        AssertOneLine(e.Message, HostileMedia.Refusal(kind));
    }

    [Fact]
    public void TheCommandLineRefusesAHugeFrameFromItsHeader()
    {
        var output = TestImages.TempPath("huge.mp4");
        var result = RunVideo(media.Huge, output);
        Assert.Equal(1, result.ExitCode);
        AssertOneLine(result.Stderr, "has frames of 16000x16000 pixels, more than the 64 megapixels allowed here; scale it down first");
        Assert.False(File.Exists(output));
    }

    /// <summary>A long clip is no attack on the command line, only on a server: measured from its packets, its first frames dream at once.</summary>
    [Fact]
    public void TheCommandLineDreamsTheStartOfA20000FrameClipWithoutDecodingTheRest()
    {
        var clock = Stopwatch.StartNew();
        var clip = VideoProbe.Probe(media.ManyFrames);
        Assert.True(clock.Elapsed < Quickly, $"the probe took {clock.Elapsed.TotalSeconds:0.00} s");
        Assert.Equal(20000, clip.Frames);

        var output = TestImages.TempPath("start.mp4");
        var result = RunVideo(media.ManyFrames, output, "--end", "2");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal("2", Ffmpeg.Video(output).GetProperty("nb_read_frames").GetString());
    }

    [Fact]
    public async Task APublicStudioRefusesEveryHostileUploadQuicklyAndKeepsAnswering()
    {
        var keys = TestImages.TempPath("keys.txt");
        File.WriteAllText(keys, "victim-key-0123456789abcdef\nattacker-key-0123456789abcdef\n");
        await using var studio = await StudioHost.StartAsync(isPublic: true, apiKeysFile: keys);
        using var victim = Keyed(studio, "victim-key-0123456789abcdef");
        using var attacker = Keyed(studio, "attacker-key-0123456789abcdef");
        var owned = await SubmitAsync(victim, media.Secret);
        await DoneAsync(victim, owned);
        var folder = Path.Combine(studio.DataFolder, "jobs", owned);
        var secrets = Directory.GetFiles(folder).Select(File.ReadAllBytes).ToList();

        using var health = new HealthWatch(studio.Client);
        var cases = HostileMedia.Pointers.SelectMany(kind => new[] { $"../{owned}/result.mp4", $"../{owned}/input.clip", Path.Combine(folder, "result.mp4") }
                .Select(target => (media.Pointer(kind, target), HostileMedia.Refusal(kind))))
            .Append((media.ManyFrames, "20000 frames to dream (the whole clip); the studio dreams at most 1500 frames"))
            .Append((media.Huge, "the upload has frames of 16000x16000 pixels, more than the 9.4 megapixels allowed here"));
        foreach (var (file, expected) in cases)
        {
            var clock = Stopwatch.StartNew();
            var response = await attacker.PostAsync("/api/videos", Form(file, []));
            var body = await response.Content.ReadAsByteArrayAsync();
            Assert.True(clock.Elapsed < Quickly, $"{Path.GetFileName(file)}: {clock.Elapsed.TotalSeconds:0.00} s");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var detail = JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString()!;
            AssertOneLine(detail, expected);
            Assert.DoesNotContain(studio.DataFolder, detail);
            Assert.All(secrets, secret => Assert.False(body.AsSpan().IndexOf(secret.AsSpan(0, Math.Min(64, secret.Length))) >= 0));
        }
        Assert.Empty(await attacker.GetFromJsonAsync<JsonElement[]>("/api/jobs") ?? []);
        Assert.Single(Directory.GetDirectories(Path.Combine(studio.DataFolder, "jobs")));
        await health.StopAsync();
    }

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(0, 24)];

    /// <summary>What the command line does with a clip, on a damaged real one: probe it, dream its first frames.</summary>
    [Theory]
    [MemberData(nameof(Seeds))]
    public void DamagedRealClipsDreamOrFailInOneLine(int seed)
    {
        var (name, bytes) = Damaged(seed);
        var path = TestImages.Write(name, bytes);
        Mutations.Bounded(() =>
        {
            try
            {
                var clip = VideoProbe.Probe(path);
                var store = new FrameStore(TestImages.TempPath("frames"));
                var options = new VideoOptions { Dream = new DreamOptions { Iterations = 1, Octaves = 1, Seed = 1, Jitter = 2 }, FirstIterations = 1, MaxSize = 32, End = 3 };
                try { ClipRenderer.Render(clip, options, store, resume: false, media.Sessions); }
                finally { store.Delete(); }
            }
            catch (DeepDreamException e)
            {
                AssertOneLine(e.Message, "");
            }
        });
    }

    /// <summary>The same damaged clips uploaded to a studio: each is queued or refused in one line, and each queued one ends, done or failed in one line.</summary>
    [Fact]
    public async Task DamagedRealClipsUploadedToTheStudioEndCleanly()
    {
        await using var studio = await StudioHost.StartAsync(maxImageSize: 32);
        using var health = new HealthWatch(studio.Client);
        var queued = new List<string>();
        foreach (var seed in Seeds())
        {
            var (name, bytes) = Damaged(seed);
            var response = await studio.Client.PostAsync("/api/videos", Form(TestImages.Write(name, bytes), Quick));
            if (response.StatusCode == HttpStatusCode.Accepted)
                queued.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
            else
            {
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
                AssertOneLine((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!, "");
            }
        }
        foreach (var id in queued)
        {
            var job = await studio.WaitAsync(id, "done", "failed");
            if (job.GetProperty("status").GetString() == "failed") AssertOneLine(job.GetProperty("error").GetString()!, "");
        }
        await health.StopAsync();
    }

    (string Name, byte[] Bytes) Damaged(int seed)
    {
        var original = media.Clips[seed % media.Clips.Length];
        return ($"damaged{seed}{new[] { ".mp4", ".webm", ".gif" }[seed % 3]}", Mutations.Apply(original, seed));
    }

    static CliRunner.Result RunVideo(string input, string output, params string[] more) =>
        CliRunner.Run(["video", input, "-o", output, "--quiet", "--max-size", "32", "--iterations", "1", "--first-iterations", "1", "--octaves", "1", .. more]);

    static void AssertOneLine(string message, string expected)
    {
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.Contains(expected, message);
        Assert.DoesNotContain('\n', message.TrimEnd('\n'));
        Assert.DoesNotContain("   at ", message);
    }

    static HttpClient Keyed(StudioHost studio, string key)
    {
        var client = new HttpClient { BaseAddress = studio.Address };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    static MultipartFormDataContent Form(string clip, (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(File.ReadAllBytes(clip)), "video", Path.GetFileName(clip) } };
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        return form;
    }

    static async Task<string> SubmitAsync(HttpClient client, string clip)
    {
        var response = await client.PostAsync("/api/videos", Form(clip, Quick));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    static async Task DoneAsync(HttpClient owner, string id)
    {
        for (var clock = Stopwatch.StartNew(); clock.Elapsed < TimeSpan.FromMinutes(2); await Task.Delay(100))
        {
            var status = (await owner.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}")).GetProperty("status").GetString();
            if (status == "done") return;
            Assert.NotEqual("failed", status);
        }
        throw new TimeoutException($"job {id} did not finish");
    }

    /// <summary>
    /// Asks /healthz ten times a second while a test runs; each answer must be a 200, within a few seconds even on a
    /// machine whose two cores are busy dreaming.
    /// </summary>
    sealed class HealthWatch : IDisposable
    {
        readonly CancellationTokenSource stop = new();
        readonly Task<List<string>> watching;

        public HealthWatch(HttpClient client) => watching = Task.Run(async () =>
        {
            var problems = new List<string>();
            var answers = 0;
            while (!stop.IsCancellationRequested)
            {
                var clock = Stopwatch.StartNew();
                try
                {
                    using var response = await client.GetAsync("/healthz");
                    answers++;
                    if (response.StatusCode != HttpStatusCode.OK || clock.Elapsed > TimeSpan.FromSeconds(5))
                        problems.Add($"{response.StatusCode} after {clock.Elapsed.TotalSeconds:0.00} s");
                }
                catch (HttpRequestException e) { problems.Add(e.Message); }
                await Task.Delay(100).ContinueWith(_ => { });
            }
            if (answers == 0) problems.Add("/healthz was never asked");
            return problems;
        });

        public async Task StopAsync()
        {
            await stop.CancelAsync();
            Assert.Empty(await watching);
        }

        public void Dispose() => stop.Cancel();
    }
}
