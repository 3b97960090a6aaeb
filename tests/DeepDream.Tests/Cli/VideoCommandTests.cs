using System.Text.Json;
using DeepDream.Tests.Support;
using Xunit;

namespace DeepDream.Tests.Cli;

/// <summary>Small clips made once by ffmpeg: a camera panning over a photo (with sound, at NTSC's 30000/1001), and a silent one.</summary>
public sealed class Clips : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("deepdream-clips").FullName;

    /// <summary>16 frames, 160x120, a pan down and to the right over rocket.jpg, with a 440 Hz tone.</summary>
    public string Pan { get; }

    /// <summary>8 frames, 96x64, of ffmpeg's test pattern, without sound.</summary>
    public string Silent { get; }

    public Clips()
    {
        Pan = Ffmpeg.Make(Path.Combine(Folder, "pan.mp4"), "-loop", "1", "-framerate", "30000/1001", "-i", TestImages.Photo("rocket.jpg"),
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-filter_complex", "[0:v]crop=160:120:200+n*4:100+n*2,format=yuv420p[v]",
            "-map", "[v]", "-map", "1:a", "-frames:v", "16", "-c:v", "libx264", "-c:a", "aac", "-shortest");
        Silent = Ffmpeg.Make(Path.Combine(Folder, "silent.webm"), "-f", "lavfi", "-i", "testsrc=size=96x64:rate=25", "-frames:v", "8", "-c:v", "libvpx-vp9");
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

public class VideoCommandTests(Clips clips) : IClassFixture<Clips>
{
    /// <summary>Few steps on later frames (the carried dream holds the detail), a full dream on the first.</summary>
    static readonly string[] Quick = ["--iterations", "1", "--first-iterations", "6", "--octaves", "2", "--seed", "3", "--quiet"];

    static JsonElement Dream(string input, string output, params string[] options)
    {
        var result = CliRunner.Run(["video", input, "-o", output, .. Quick, .. options, "--json"]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return JsonDocument.Parse(result.Stdout).RootElement;
    }

    [Fact]
    public void TheDreamHasTheClipsFramesRateAndSoundAndFlowHalvesItsFlicker()
    {
        var withFlow = TestImages.TempPath("pan.mp4");
        var flow = Dream(clips.Pan, withFlow);
        var stream = Ffmpeg.Video(withFlow);
        Assert.Equal("16", stream.GetProperty("nb_read_frames").GetString());
        Assert.Equal("30000/1001", stream.GetProperty("r_frame_rate").GetString());
        Assert.Equal("yuv420p", stream.GetProperty("pix_fmt").GetString());
        Assert.True(Ffmpeg.HasAudio(withFlow));
        Assert.Equal(16, flow.GetProperty("output").GetProperty("frames").GetInt32());
        Assert.Equal("30000/1001", flow.GetProperty("output").GetProperty("fps").GetString());
        Assert.True(flow.GetProperty("input").GetProperty("audio").GetBoolean());
        Assert.Empty(flow.GetProperty("sceneCuts").EnumerateArray());
        Assert.False(Directory.Exists(withFlow + ".frames"), "the work folder is removed after a successful encode");

        var none = Dream(clips.Pan, TestImages.TempPath("none.mp4"), "--flow", "none");
        var (flickerWithFlow, flickerWithout) = (flow.GetProperty("flickerRatio").GetDouble(), none.GetProperty("flickerRatio").GetDouble());
        Assert.True(flickerWithFlow <= flickerWithout / 2, $"flicker with flow {flickerWithFlow}, without {flickerWithout}");
    }

    [Theory]
    [InlineData("silent.webm", "vp9")]
    [InlineData("silent.gif", "gif")]
    public void ASilentClipGivesASilentVideo(string name, string codec)
    {
        var output = TestImages.TempPath(name);
        Dream(clips.Silent, output);
        var stream = Ffmpeg.Video(output);
        Assert.Equal(codec, stream.GetProperty("codec_name").GetString());
        Assert.Equal("8", stream.GetProperty("nb_read_frames").GetString());
        Assert.Equal("25/1", stream.GetProperty("r_frame_rate").GetString());
        Assert.False(Ffmpeg.HasAudio(output));
    }

    [Fact]
    public void ARangeOfFramesToPngs()
    {
        var folder = TestImages.TempPath("range") + "/";
        var summary = Dream(clips.Pan, folder, "--start", "5", "--end", "9", "--max-size", "80");
        Assert.Equal(5, Directory.GetFiles(folder, "frame-*.png").Length);
        Assert.Equal(80, summary.GetProperty("output").GetProperty("width").GetInt32());
        Assert.Equal(60, summary.GetProperty("output").GetProperty("height").GetInt32());
    }

    [Fact]
    public void AKilledRenderResumesToTheSameBytes()
    {
        string[] options = ["--keep-frames", .. Quick, "--flow", "farneback"];
        var whole = TestImages.TempPath("whole.mp4");
        Assert.Equal(0, CliRunner.Run(["video", clips.Pan, "-o", whole, .. options]).ExitCode);
        var resumed = TestImages.TempPath("resumed.mp4");
        CliRunner.RunUntil(() => File.Exists(Path.Combine(resumed + ".frames", "dream-00004.png")), ["video", clips.Pan, "-o", resumed, .. options]);
        Assert.False(File.Exists(resumed), "the render was killed before it finished");
        Assert.Equal(0, CliRunner.Run(["video", clips.Pan, "-o", resumed, "--resume", .. options]).ExitCode);
        for (var frame = 1; frame <= 16; frame++)
            Assert.Equal(File.ReadAllBytes(Path.Combine(whole + ".frames", $"dream-{frame:D5}.png")), File.ReadAllBytes(Path.Combine(resumed + ".frames", $"dream-{frame:D5}.png")));
        Assert.Equal(File.ReadAllBytes(whole), File.ReadAllBytes(resumed));
    }

    public static TheoryData<string, string> BadInputs() => new()
    {
        { "text", "not a video" },
        { "truncated", "" },
        { "still", "still image" },
        { "audio only", "no video" },
        { "unwritable", "cannot write" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadInputIsOneLineAndWritesNothing(string kind, string expected)
    {
        var input = kind switch
        {
            "text" => TestImages.Write("text.mp4", "this is not a video\n"u8.ToArray()),
            "truncated" => TestImages.Write("cut.mp4", File.ReadAllBytes(clips.Pan)[..2000]),
            "still" => TestImages.Photo("chelsea.png"),
            "audio only" => Ffmpeg.Make(TestImages.TempPath("tone.m4a"), "-f", "lavfi", "-i", "sine=frequency=440", "-t", "1", "-c:a", "aac"),
            _ => clips.Pan,
        };
        var output = kind == "unwritable" ? "/proc/self/dream.mp4" : TestImages.TempPath("bad.mp4");
        var result = CliRunner.Run(["video", input, "-o", output, .. Quick]);
        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.Stderr.TrimEnd().Split('\n'));
        Assert.Contains(expected, result.Stderr);
        Assert.False(File.Exists(output));
    }
}
