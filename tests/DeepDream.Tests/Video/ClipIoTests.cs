using System.Globalization;
using System.Runtime.Versioning;
using DeepDream.Dreaming;
using DeepDream.Imaging;
using DeepDream.Runtime;
using DeepDream.Tests.Support;
using DeepDream.Video;
using DeepDream.Video.Clips;
using Xunit;

namespace DeepDream.Tests.Video;

/// <summary>Tiny clips made once by the system's ffmpeg: 96x64 test patterns, 1 s at 30000/1001 (30 frames).</summary>
public sealed class TinyClips
{
    static readonly string[] Pattern = ["-f", "lavfi", "-i", "testsrc=size=96x64:rate=30000/1001"];
    static readonly string[] Sine = ["-f", "lavfi", "-i", "sine=frequency=440"];
    // Silence, then a tone from frame 16 (0.5 s) on: shows where a clip's sound starts.
    static readonly string[] LateTone = ["-f", "lavfi", "-i", "aevalsrc='if(gte(t,0.5),sin(2*PI*440*t),0)':s=44100"];

    public TinyClips()
    {
        Ffmpeg.Run([.. Pattern, .. LateTone, "-t", "1", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", WithAac]);
        // A key frame every 5 frames and the index first, so that half the file still decodes in part.
        Ffmpeg.Run([.. Pattern, "-t", "1", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-g", "5", "-movflags", "+faststart", Silent]);
        // Neither mp4 nor webm holds PCM: encoding from this clip must re-encode its sound.
        Ffmpeg.Run([.. Pattern, .. Sine, "-t", "1", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "pcm_s16le", WithPcm]);
        Ffmpeg.Run([.. Sine, "-t", "1", AudioOnly]);
        Ffmpeg.Run(["-i", Silent, "-c", "copy", "-metadata:s:v:0", "rotate=90", Rotated]);
        // 15 frames 1/30 s apart, then 15 at 1/10 s: a nominal 30 fps, 50/3 on average.
        Ffmpeg.Run(["-f", "lavfi", "-i", "testsrc=size=96x64:rate=30", "-t", "2", "-vf", "select='lt(n\\,15)+not(mod(n\\,3))'", "-vsync", "vfr", "-c:v", "libx264", Variable]);
    }

    public string WithAac { get; } = TestImages.TempPath("aac.mp4");
    public string Silent { get; } = TestImages.TempPath("silent.mp4");
    public string WithPcm { get; } = TestImages.TempPath("pcm.mkv");
    public string AudioOnly { get; } = TestImages.TempPath("sine.m4a");
    public string Rotated { get; } = TestImages.TempPath("rotated.mp4");
    public string Variable { get; } = TestImages.TempPath("variable.mp4");
}

public class ClipIoTests(TinyClips clips) : IClassFixture<TinyClips>
{
    static readonly FrameRate Ntsc = new(30000, 1001);

    /// <summary>A clip of the fixture by its property's name, for theories.</summary>
    string Clip(string name) => (string)typeof(TinyClips).GetProperty(name)!.GetValue(clips)!;

    static List<RgbImage> ReadAll(ClipInfo clip, int? maxSize = null, int first = 1, int count = int.MaxValue)
    {
        using var reader = new ClipReader(clip, maxSize, first, count);
        var frames = new List<RgbImage>();
        while (reader.Next() is { } frame)
        {
            Assert.Equal((reader.Width, reader.Height), (frame.Width, frame.Height));
            frames.Add(frame);
        }
        return frames;
    }

    internal static void AssertOneLine(DeepDreamException e, string expected)
    {
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain('\r', e.Message);
    }

    [Fact]
    public void FrameRatesAreExactFractionsInLowestTerms()
    {
        Assert.Equal(Ntsc, FrameRate.Parse("30000/1001"));
        Assert.Equal(Ntsc, FrameRate.Parse("60000/2002"));
        Assert.Equal(new FrameRate(25, 1), FrameRate.Parse("25"));
        Assert.Equal("30000/1001", Ntsc.ToString());
        Assert.Equal(29.97, Ntsc.Value, 2);
        foreach (var bad in new[] { "", "0/1", "25/0", "0/0", "-25", "25.0", "x/1", "1/2/3", " 25" })
            AssertOneLine(Assert.Throws<DeepDreamException>(() => FrameRate.Parse(bad)), "not a frame rate");
    }

    [Fact]
    public void ProbeGivesFramesExactRateSizeAndAudio()
    {
        var clip = VideoProbe.Probe(clips.WithAac);
        Assert.Equal((clips.WithAac, ClipContainer.Mov, 30, Ntsc, 96, 64, "aac", 30 / Ntsc.Value),
            (clip.Path, clip.Source.Container, clip.Frames, clip.Rate, clip.Width, clip.Height, clip.AudioCodec, clip.Seconds));
        Assert.Equal(ClipContainer.Matroska, VideoProbe.Probe(clips.WithPcm).Source.Container);
        Assert.False(VideoProbe.Probe(clips.Silent).HasAudio);
        Assert.True(VideoProbe.Probe(clips.WithPcm).HasAudio);
    }

    [Fact]
    public void ARotatedClipIsDescribedAndReadUpright()
    {
        var clip = VideoProbe.Probe(clips.Rotated);
        Assert.Equal((64, 96), (clip.Width, clip.Height));
        Assert.All(ReadAll(clip), f => Assert.Equal((64, 96), (f.Width, f.Height)));
    }

    [Fact]
    public void AVariableRateClipPlaysAtItsAverageRateSoItKeepsItsLength()
    {
        var clip = VideoProbe.Probe(clips.Variable);
        Assert.Equal(new FrameRate(50, 3), clip.Rate);
        Assert.Equal(30, clip.Frames);
        Assert.Equal(30, ReadAll(clip).Count);
    }

    [Theory]
    [InlineData("WithAac")]
    [InlineData("WithPcm")]
    [InlineData("Silent")]
    public void TheReaderYieldsExactlyTheProbedFrames(string name)
    {
        var clip = VideoProbe.Probe(Clip(name));
        var frames = ReadAll(clip);
        Assert.Equal(clip.Frames, frames.Count);
        Assert.All(frames, f => Assert.Equal((96, 64), (f.Width, f.Height)));
        Assert.All(frames, f => Assert.InRange(f.Pixels.Average(), 20, 235)); // the colourful pattern, not black
    }

    [Fact]
    public void MaxSizeScalesDownToEvenSidesAndNeverUp()
    {
        var clip = VideoProbe.Probe(clips.Silent);
        var small = ReadAll(clip, maxSize: 50);
        Assert.Equal(30, small.Count);
        Assert.All(small, f => Assert.Equal((50, 32), (f.Width, f.Height))); // 50 x 33.3, made even
        using var reader = new ClipReader(clip, 200, 1, 1);
        Assert.Equal((96, 64), (reader.Width, reader.Height));
    }

    [Fact]
    public void RangesStartAtExactlyTheirFirstFrame()
    {
        var clip = VideoProbe.Probe(clips.WithAac);
        var all = ReadAll(clip);
        var middle = ReadAll(clip, first: 5, count: 3);
        Assert.Equal(3, middle.Count);
        for (var i = 0; i < 3; i++) Assert.Equal(all[4 + i].Pixels, middle[i].Pixels);
        Assert.Equal(5, ReadAll(clip, first: 26, count: 10).Count); // the clip ends first
        Assert.Empty(ReadAll(clip, first: 31, count: 5));
        Assert.Empty(ReadAll(clip, count: 0));
    }

    /// <summary>The probe counts packets without decoding them; the last, cut short, does not decode, and a dream ends where the frames do.</summary>
    [Fact]
    public void AMp4CutInHalfWhoseHeaderSurvivesGivesTheFramesThatDecode()
    {
        var cut = TestImages.TempPath("cut-faststart.mp4");
        var bytes = File.ReadAllBytes(clips.Silent); // +faststart: the index comes first
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
        var clip = VideoProbe.Probe(cut);
        Assert.InRange(clip.Frames, 2, 29);
        Assert.Equal(clip.Frames / Ntsc.Value, clip.Seconds, 6);
        var decoded = ReadAll(clip).Count;
        Assert.InRange(decoded, clip.Frames - 1, clip.Frames);
        Assert.Equal(decoded, Render(clip).Frames);
    }

    [Fact]
    public void AClipWhoseOnlyFrameIsCutOffDreamsNothingAndSaysSo()
    {
        var clip = VideoProbe.Probe(CutInFirstFrame());
        Assert.Equal(1, clip.Frames);
        AssertOneLine(Assert.Throws<DeepDreamException>(() => ReadAll(clip)), "no frame of");
        AssertOneLine(Assert.Throws<DeepDreamException>(() => Render(clip)), "no frame of");
    }

    /// <summary>The whole clip dreamed as cheaply as a dream goes, small.</summary>
    static ClipDream Render(ClipInfo clip)
    {
        var store = new FrameStore(TestImages.TempPath("frames"));
        using var sessions = new SessionCache();
        var options = new VideoOptions { Dream = new DreamOptions { Iterations = 1, Octaves = 1, Seed = 1, Jitter = 4 }, FirstIterations = 1, MaxSize = 32 };
        try { return ClipRenderer.Render(clip, options, store, resume: false, sessions); }
        finally { store.Delete(); }
    }

    [Theory]
    [InlineData("missing", "does not exist")]
    [InlineData("folder", "is a folder")]
    [InlineData("text", "is a text file, not a video; deepdream reads MP4/MOV, MKV/WebM, AVI, MPEG-TS, GIF clips; convert it to MP4")]
    [InlineData("cut", "is not a video ffmpeg can read (moov atom not found; Invalid data found when processing input); check that it plays")]
    [InlineData("astronaut.png", "is a still image, not a video; use `deepdream dream` for photos")]
    [InlineData("rocket.jpg", "is a still image")]
    [InlineData("jpeg named .mp4", "is a still image")]
    [InlineData("audio only", "has no video stream (only audio)")]
    [InlineData("audio with cover art", "has no video stream (only audio)")]
    public void BadInputsAreOneLineErrors(string kind, string expected)
    {
        var path = kind switch
        {
            "missing" => TestImages.TempPath("missing.mp4"),
            "folder" => Directory.CreateTempSubdirectory("deepdream-folder-").FullName,
            "text" => TestImages.Write("text.mp4", "this is not a video\n"u8.ToArray()),
            // Without +faststart the index is at the end: half the file has none.
            "cut" => TestImages.Write("cut.mp4", File.ReadAllBytes(clips.WithAac)[..(int)(new FileInfo(clips.WithAac).Length / 2)]),
            "jpeg named .mp4" => TestImages.Write("photo.mp4", File.ReadAllBytes(TestImages.Photo("rocket.jpg"))),
            "audio only" => clips.AudioOnly,
            "audio with cover art" => WithCoverArt(),
            _ => TestImages.Photo(kind),
        };
        AssertOneLine(Assert.Throws<DeepDreamException>(() => VideoProbe.Probe(path)), expected);
    }

    /// <summary>One key frame and its index first: half the file holds the index and part of that frame.</summary>
    static string CutInFirstFrame()
    {
        var whole = TestImages.TempPath("one-key-frame.mp4");
        Ffmpeg.Run("-f", "lavfi", "-i", "testsrc=size=96x64:rate=30", "-t", "1", "-c:v", "libx264", "-movflags", "+faststart", whole);
        return TestImages.Write("cut-in-first-frame.mp4", File.ReadAllBytes(whole)[..(int)(new FileInfo(whole).Length / 2)]);
    }

    string WithCoverArt()
    {
        var path = TestImages.TempPath("cover.m4a");
        Ffmpeg.Run("-i", clips.AudioOnly, "-i", TestImages.Photo("rocket.jpg"), "-map", "0", "-map", "1", "-c:a", "copy", "-c:v", "copy", "-disposition:v", "attached_pic", path);
        return path;
    }


    /// <summary>A clip's frames as numbered PNGs in a new folder, as a dream writes them.</summary>
    static (string Folder, Func<int, string> FramePath) WriteFrames(ClipInfo clip, int first = 1, int count = int.MaxValue)
    {
        var folder = Directory.CreateTempSubdirectory("deepdream-clip-").FullName;
        string FramePath(int i) => Path.Combine(folder, $"frame-{i:D4}.png");
        var frames = ReadAll(clip, first: first, count: count);
        for (var i = 0; i < frames.Count; i++) ImageFile.Write(frames[i], FramePath(i + 1));
        return (folder, FramePath);
    }

    [Theory]
    [InlineData("WithAac", ".mp4", "aac")]
    [InlineData("WithAac", ".webm", "opus")]
    [InlineData("WithPcm", ".mp4", "aac")]
    [InlineData("WithPcm", ".webm", "opus")]
    [InlineData("Silent", ".mp4", null)]
    [InlineData("Silent", ".webm", null)]
    [InlineData("WithAac", ".gif", null)]
    public void EncodingKeepsFramesExactRateAndSound(string source, string extension, string? audioCodec)
    {
        var clip = VideoProbe.Probe(Clip(source));
        var (folder, framePath) = WriteFrames(clip);
        var output = Path.Combine(folder, "dream" + extension);

        VideoEncoder.Encode(framePath, 30, clip.Rate, output, clip, 0);

        var streams = Ffmpeg.Streams(output);
        var video = Assert.Single(streams, s => s.GetProperty("codec_type").GetString() == "video");
        Assert.Equal("30", video.GetProperty("nb_read_frames").GetString());
        if (extension != ".gif") Assert.Equal("30000/1001", video.GetProperty("r_frame_rate").GetString()); // GIF counts time in 1/100 s
        var audio = streams.Where(s => s.GetProperty("codec_type").GetString() == "audio").Select(s => s.GetProperty("codec_name").GetString());
        Assert.Equal(audioCodec is null ? [] : [audioCodec], audio);
        Assert.Equal(31, Directory.GetFiles(folder).Length); // the frames and the clip: no temporary file left
    }

    [Fact]
    public void OddSidedFramesLoseTheirLastColumnAndRowInAnMp4()
    {
        var folder = Directory.CreateTempSubdirectory("deepdream-odd-").FullName;
        var frame = Path.Combine(folder, "frame.png");
        ImageFile.Write(TestImages.Pattern(97, 65), frame);
        var output = Path.Combine(folder, "odd.mp4");

        VideoEncoder.Encode(_ => frame, 3, new FrameRate(25, 1), output, null, 0);

        var clip = VideoProbe.Probe(output);
        Assert.Equal((3, 96, 64), (clip.Frames, clip.Width, clip.Height));
    }

    [Fact]
    public void SoundStartsWithTheFirstFrameKeptAndEndsWithTheLast()
    {
        var clip = VideoProbe.Probe(clips.WithAac);
        var (folder, framePath) = WriteFrames(clip, first: 16, count: 10);
        var output = Path.Combine(folder, "part.mp4");

        VideoEncoder.Encode(framePath, 10, clip.Rate, output, clip, 15 / clip.Rate.Value); // the AAC sound is copied

        var part = VideoProbe.Probe(output);
        Assert.Equal((10, true), (part.Frames, part.HasAudio));
        Assert.True(Ffmpeg.Loudness(clips.WithAac, 0.1) < 100); // the source starts silent, the tone comes with frame 16
        Assert.True(Ffmpeg.Loudness(output, 0.1) > 10000);
        var audio = Ffmpeg.Streams(output).Single(s => s.GetProperty("codec_type").GetString() == "audio");
        Assert.InRange(double.Parse(audio.GetProperty("duration").GetString()!, CultureInfo.InvariantCulture), 0.25, part.Seconds + 0.05);
    }

    [Theory]
    [InlineData("no folder", "does not exist; create it first")]
    [InlineData("unwritable folder", "is not writable")]
    [InlineData("avi", "give a .mp4, .webm or .gif file")]
    [InlineData("frame missing", "frame 4 of")]
    public void BadOutputsAreOneLineErrorsAndLeaveNothing(string kind, string expected)
    {
        var clip = VideoProbe.Probe(clips.Silent);
        var (folder, framePath) = WriteFrames(clip, count: 3);
        var output = kind switch
        {
            "no folder" => Path.Combine(folder, "absent", "out.mp4"),
            "unwritable folder" => "/sys/out.mp4", // sysfs takes no new files, not even from root
            "avi" => Path.Combine(folder, "out.avi"),
            _ => Path.Combine(folder, "out.mp4"),
        };
        var frames = kind == "frame missing" ? 4 : 3;
        AssertOneLine(Assert.Throws<DeepDreamException>(() => VideoEncoder.Encode(framePath, frames, clip.Rate, output, null, 0)), expected);
        Assert.Equal(3, Directory.GetFiles(folder).Length);
    }

    [Fact]
    public void ACancelledEncodeWritesNothing()
    {
        var clip = VideoProbe.Probe(clips.Silent);
        var (folder, framePath) = WriteFrames(clip, count: 3);
        Assert.ThrowsAny<OperationCanceledException>(() =>
            VideoEncoder.Encode(framePath, 3, clip.Rate, Path.Combine(folder, "out.mp4"), null, 0, new CancellationToken(canceled: true)));
        Assert.Equal(3, Directory.GetFiles(folder).Length);
    }
}

/// <summary>Tests that change the process's PATH: run alone, after the others, so no other test loses ffmpeg.</summary>
[CollectionDefinition(nameof(PathChanges), DisableParallelization = true)]
public sealed class PathChanges;

[Collection(nameof(PathChanges))]
[SupportedOSPlatform("linux")] // the fake ffmpeg is a shell script
public class ClipIoWithoutFfmpegTests
{
    // A 4x2 clip: 24 bytes a frame.
    static readonly ClipInfo Clip = new(new ClipSource("clip.mp4", ClipContainer.Mov, ClipLimits.CommandLine), 3, new FrameRate(25, 1), 4, 2, null);

    static void WithPath(string folder, Action test)
    {
        var path = Environment.GetEnvironmentVariable("PATH");
        Environment.SetEnvironmentVariable("PATH", folder);
        try
        {
            test();
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
        }
    }

    /// <summary>A folder whose only "ffmpeg" is this shell script (which, with PATH changed, names its commands in full).</summary>
    static string FakeFfmpeg(string script)
    {
        var folder = Directory.CreateTempSubdirectory("deepdream-fake-").FullName;
        var ffmpeg = Path.Combine(folder, "ffmpeg");
        File.WriteAllText(ffmpeg, "#!/bin/sh\n" + script);
        File.SetUnixFileMode(ffmpeg, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return folder;
    }

    static List<RgbImage> ReadWithin(TimeSpan limit, ClipReader reader)
    {
        var frames = new List<RgbImage>();
        var reading = Task.Run(() => { while (reader.Next() is { } frame) frames.Add(frame); });
        Assert.True(Task.WhenAny(reading, Task.Delay(limit)).GetAwaiter().GetResult() == reading, "the reader hung");
        reading.GetAwaiter().GetResult();
        return frames;
    }

    [Fact]
    public void WithoutFfprobeProbingSaysToInstallIt()
    {
        var folder = Directory.CreateTempSubdirectory("deepdream-nofprobe-").FullName;
        File.CreateSymbolicLink(Path.Combine(folder, "ffmpeg"), "/usr/bin/ffmpeg");
        // An MP4's first atom, so that the file gets as far as ffprobe.
        var clip = TestImages.Write("clip.mp4", [0, 0, 0, 0x18, .. "ftypisom"u8, 0, 0, 2, 0, .. "isomiso2"u8]);
        WithPath(folder, () => ClipIoTests.AssertOneLine(Assert.Throws<DeepDreamException>(() => VideoProbe.Probe(clip)),
            "ffprobe is not installed; install it (sudo apt-get install ffmpeg)"));
    }

    /// <summary>A folder whose only "ffprobe" is this shell script, and a file that looks enough like an MP4 to reach it.</summary>
    static (string Folder, string Clip) FakeFfprobe(string script)
    {
        var folder = FakeFfmpeg(script);
        File.Move(Path.Combine(folder, "ffmpeg"), Path.Combine(folder, "ffprobe"));
        return (folder, TestImages.Write("stalling.mp4", [0, 0, 0, 0x18, .. "ftypisom"u8, 0, 0, 2, 0, .. "isomiso2"u8]));
    }

    [Fact]
    public void AProbeThatStallsIsStoppedAtItsTimeLimit()
    {
        var (folder, clip) = FakeFfprobe("/usr/bin/sleep 30\n");
        WithPath(folder, () =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var e = Assert.Throws<DeepDreamException>(() => VideoProbe.Inspect(clip, new ClipLimits(1_000_000, TimeSpan.FromSeconds(1))));
            Assert.InRange(clock.Elapsed.TotalSeconds, 0.9, 10);
            ClipIoTests.AssertOneLine(e, $"ffprobe made no progress on '{clip}' for 1 s and was stopped; the file may be damaged, or made to stall it");
        });
    }

    /// <summary>A studio's probe serves one request: when its client goes away, the process goes too.</summary>
    [Fact]
    public void ACancelledProbeStopsItsProcessAtOnce()
    {
        var pid = TestImages.TempPath("ffprobe.pid");
        var (folder, clip) = FakeFfprobe($"echo $$ > {pid}\nexec /usr/bin/sleep 30\n");
        WithPath(folder, () =>
        {
            using var cancel = new CancellationTokenSource();
            var probing = Task.Run(() => VideoProbe.Inspect(clip, ClipLimits.CommandLine, cancel.Token));
            while (!File.Exists(pid) || File.ReadAllText(pid).Trim().Length == 0) Thread.Sleep(20);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            cancel.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => probing.GetAwaiter().GetResult());
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"{clock.Elapsed.TotalSeconds:0.00} s");
            Assert.False(Directory.Exists($"/proc/{File.ReadAllText(pid).Trim()}"), "ffprobe still runs");
        });
    }

    [Fact]
    public void WithoutFfmpegReadingAndEncodingSayToInstallIt()
    {
        var folder = Directory.CreateTempSubdirectory("deepdream-noffmpeg-").FullName;
        var frame = Path.Combine(folder, "frame.png");
        ImageFile.Write(new RgbImage(4, 2), frame);
        WithPath(folder, () =>
        {
            const string Install = "ffmpeg is not installed; install it (sudo apt-get install ffmpeg)";
            Assert.Equal(Install, Assert.Throws<DeepDreamException>(() => new ClipReader(Clip, null, 1, 3)).Message);
            Assert.Equal(Install, Assert.Throws<DeepDreamException>(() => VideoEncoder.Encode(_ => frame, 1, Clip.Rate, Path.Combine(folder, "out.mp4"), null, 0)).Message);
        });
        Assert.Single(Directory.GetFiles(folder)); // no temporary file left
    }

    [Fact]
    public void FfmpegDyingMidFrameIsAOneLineErrorNotAHang()
    {
        // A flood of warnings first (more than a pipe holds: stderr must be drained), then a frame and a half.
        var folder = FakeFfmpeg("/usr/bin/yes 'warning: flood' | /usr/bin/head -n 50000 >&2\n/usr/bin/head -c 36 /dev/zero\necho 'decoder crashed' >&2\nexit 1\n");
        WithPath(folder, () =>
        {
            using var reader = new ClipReader(Clip, null, 1, 3);
            var e = Assert.Throws<DeepDreamException>(() => ReadWithin(TimeSpan.FromSeconds(20), reader));
            ClipIoTests.AssertOneLine(e, "ffmpeg stopped decoding 'clip.mp4' at frame 2: warning: flood; decoder crashed");
        });
    }

    [Fact]
    public void AShortLastFrameEndsTheClip()
    {
        var folder = FakeFfmpeg("/usr/bin/head -c 36 /dev/zero\n");
        WithPath(folder, () =>
        {
            using var reader = new ClipReader(Clip, null, 1, 3);
            Assert.Single(ReadWithin(TimeSpan.FromSeconds(20), reader));
            Assert.Null(reader.Next());
        });
    }
}
