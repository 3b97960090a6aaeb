using System.Text.Json;
using DeepDream.Imaging;
using DeepDream.Tests.Support;
using Xunit;

namespace DeepDream.Tests.Cli;

public class ZoomCommandTests
{
    static readonly string Photo = TestImages.Photo("rocket.jpg");

    /// <summary>Tiny frames and few steps: the mechanics, not the looks, at test speed.</summary>
    static readonly string[] Small = ["--size", "72", "--octaves", "1", "--iterations", "2", "--seed", "9", "--quiet"];

    [Theory]
    [InlineData(".mp4", "h264", 0)]
    [InlineData(".webm", "vp9", 2)]
    [InlineData(".gif", "gif", 1)]
    public void VideosHaveExactlyTheFramesAsked(string extension, string codec, int blend)
    {
        var video = TestImages.TempPath("zoom" + extension);
        var result = CliRunner.Run(["zoom", Photo, "-o", video, "--dream-steps", "2", "--zoom-steps", "3", "--blend", blend.ToString(), "--fps", "10", .. Small, "--json"]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var summary = JsonDocument.Parse(result.Stdout).RootElement;
        var frames = 5 + blend * 4;
        Assert.Equal(frames, summary.GetProperty("frames").GetInt32());

        var stream = Ffmpeg.Video(video);
        Assert.Equal(codec, stream.GetProperty("codec_name").GetString());
        Assert.Equal(frames.ToString(), stream.GetProperty("nb_read_frames").GetString());
        Assert.Equal("10/1", stream.GetProperty("r_frame_rate").GetString());
        Assert.Equal(summary.GetProperty("width").GetInt32(), stream.GetProperty("width").GetInt32());
        Assert.Equal(summary.GetProperty("height").GetInt32(), stream.GetProperty("height").GetInt32());
        if (extension != ".gif") Assert.Equal("yuv420p", stream.GetProperty("pix_fmt").GetString());
        Assert.False(Directory.Exists(video + ".frames"), "the work folder is removed after a successful encode");
    }

    [Fact]
    public void AKilledRenderResumesToTheSameBytes()
    {
        // Enough frames after the fifth that the kill surely lands before the render ends.
        string[] options = ["--dream-steps", "3", "--zoom-steps", "17", .. Small];
        var whole = TestImages.TempPath("whole.mp4");
        Assert.Equal(0, CliRunner.Run(["zoom", Photo, "-o", whole, "--keep-frames", .. options]).ExitCode);

        var resumed = TestImages.TempPath("resumed.mp4");
        CliRunner.RunUntil(() => File.Exists(Path.Combine(resumed + ".frames", "dream-00005.png")), ["zoom", Photo, "-o", resumed, "--keep-frames", .. options]);
        Assert.False(File.Exists(resumed), "the render was killed before it finished");
        Assert.True(File.Exists(Path.Combine(resumed + ".frames", "dream-00005.png")));

        Assert.Equal(0, CliRunner.Run(["zoom", Photo, "-o", resumed, "--keep-frames", "--resume", .. options]).ExitCode);
        Assert.Equal(File.ReadAllBytes(whole), File.ReadAllBytes(resumed));
        for (var frame = 1; frame <= 20; frame++)
            Assert.Equal(File.ReadAllBytes(Path.Combine(whole + ".frames", $"dream-{frame:D5}.png")), File.ReadAllBytes(Path.Combine(resumed + ".frames", $"dream-{frame:D5}.png")));
    }

    [Fact]
    public void ResumingWithOtherSettingsIsRefused()
    {
        var video = TestImages.TempPath("changed.mp4");
        Assert.Equal(0, CliRunner.Run(["zoom", Photo, "-o", video, "--dream-steps", "1", "--zoom-steps", "1", "--keep-frames", .. Small]).ExitCode);
        var result = CliRunner.Run(["zoom", Photo, "-o", video, "--dream-steps", "1", "--zoom-steps", "1", "--zoom", "1.2", "--resume", .. Small]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("other settings", result.Stderr);
    }

    [Fact]
    public void AResumedRenderKnowsItsGuideByContentNotByPath()
    {
        var video = TestImages.TempPath("guided.mp4");
        var guide = TestImages.TempPath("guide.png");
        File.Copy(TestImages.Photo("coffee.png"), guide);
        string[] options = ["--dream-steps", "1", "--zoom-steps", "1", "--layer", "layer3", .. Small];
        Assert.Equal(0, CliRunner.Run(["zoom", Photo, "-o", video, "--guide", guide, "--keep-frames", .. options]).ExitCode);

        // The same picture elsewhere is the same guide; another picture at the same place is not.
        var moved = TestImages.TempPath("moved-guide.png");
        File.Copy(guide, moved);
        var resumed = CliRunner.Run(["zoom", Photo, "-o", video, "--guide", moved, "--keep-frames", "--resume", .. options]);
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        File.Copy(TestImages.Photo("chelsea.png"), guide, overwrite: true);
        var changed = CliRunner.Run(["zoom", Photo, "-o", video, "--guide", guide, "--resume", .. options]);
        Assert.Equal(1, changed.ExitCode);
        Assert.Contains("other settings", changed.Stderr);
    }

    [Fact]
    public void ColourLockHoldsTheBrightnessOver40Frames()
    {
        var folder = Path.Combine(Directory.CreateTempSubdirectory().FullName, "frames/");
        var result = CliRunner.Run(["zoom", Photo, "-o", folder, "--dream-steps", "0", "--zoom-steps", "40", "--size", "64", "--octaves", "1", "--iterations", "4", "--seed", "1", "--quiet"]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var brightness = Directory.GetFiles(folder, "frame-*.png").Order().Select(f => ColorStatistics.Of(ImageFile.Read(f)).Brightness).ToList();
        Assert.Equal(40, brightness.Count);
        Assert.All(brightness, b => Assert.InRange(b / brightness[0], 0.97, 1.03));
    }

    [Fact]
    public void WithoutFfmpegTheFramesAreStillWritten()
    {
        var video = TestImages.TempPath("noffmpeg.mp4");
        var emptyPath = Directory.CreateTempSubdirectory().FullName;
        var result = CliRunner.RunWith(new Dictionary<string, string> { ["PATH"] = emptyPath },
            ["zoom", Photo, "-o", video, "--dream-steps", "1", "--zoom-steps", "2", .. Small]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("ffmpeg is not installed", result.Stderr);
        Assert.Single(result.Stderr.TrimEnd().Split('\n'));
        Assert.Equal(3, Directory.GetFiles(video + ".frames", "dream-*.png").Length);
        Assert.False(File.Exists(video));
    }

    [Theory]
    [InlineData(2, "--zoom", "0.5")]
    [InlineData(2, "--fps", "0")]
    [InlineData(2, "--zoom-steps", "-1")]
    [InlineData(2, "--layers", "layer3:x")]
    public void BadOptionsAreOneLineErrors(int exitCode, string option, string value)
    {
        var result = CliRunner.Run("zoom", Photo, "-o", TestImages.TempPath("bad.mp4"), option, value, "--quiet");
        Assert.Equal(exitCode, result.ExitCode);
        Assert.Single(result.Stderr.TrimEnd().Split('\n'));
    }
}
