using System.CommandLine;
using DeepDream.Dreaming;
using DeepDream.Imaging;
using DeepDream.Runtime;
using DeepDream.Video;

namespace DeepDream.Cli.Commands;

/// <summary>`deepdream zoom INPUT -o OUT`: the DeepDream video notebook's zoom, as .mp4, .webm, .gif or PNG frames.</summary>
static class ZoomCommand
{
    public static Command Create() => FrameCommandOptions.Command<ZoomOptions>("zoom", "make a zoom video: dreaming steps, then zooming steps",
        "the photo the video starts from", Run);

    static int Run(FrameCommandOptions.Values run, ZoomOptions options, CancellationToken cancel)
    {
        var (outputPath, toFolder, store) = (run.Output, run.ToFolder, run.Store);
        OutputCheck.VideoOrFolder(outputPath, toFolder);
        var photo = ImageFile.Read(run.Input, options.Size);
        var ffmpegMissing = !toFolder && VideoEncoder.FindFfmpeg() is null;
        if (ffmpegMissing && !run.Quiet)
            Console.Error.WriteLine($"deepdream: ffmpeg is not installed: the frames will be written to '{store.Folder}', but not encoded");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var sessions = run.Sessions();
        var zoom = FrameCommandOptions.WithProgress(run,
            progress => ZoomRenderer.Render(photo, options, toFolder ? null : Path.GetExtension(outputPath), store, run.Resume, sessions, progress, cancel));

        if (ffmpegMissing)
            throw new DeepDreamException($"ffmpeg is not installed (sudo apt-get install ffmpeg); the {options.DreamedFrames} frames are in '{store.Folder}': install ffmpeg and rerun with --resume to encode them");
        if (toFolder) ZoomRenderer.WriteFrames(store, options, outputPath);
        else
        {
            ZoomRenderer.Encode(store, options, outputPath, cancel);
            if (run.KeepFrames) ZoomRenderer.WriteFrames(store, options, store.Folder);
        }
        if (!run.KeepFrames) store.Delete();

        if (run.Json)
            Json.Print(new
            {
                output = outputPath,
                frames = zoom.Frames,
                dreamedFrames = zoom.DreamedFrames,
                fps = options.Fps,
                width = zoom.Width,
                height = zoom.Height,
                seed = zoom.Seed,
                secondsPerFrame = zoom.Seconds / zoom.DreamedFrames,
                seconds = clock.Elapsed.TotalSeconds,
            });
        else if (!run.Quiet)
            Console.Error.WriteLine($"wrote {outputPath} ({zoom.Frames} frames at {options.Fps} fps, {zoom.Width}x{zoom.Height}, seed {zoom.Seed}, {clock.Elapsed.TotalSeconds:0} s)");
        return 0;
    }
}
