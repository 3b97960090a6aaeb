using System.CommandLine;
using DeepDream.Dreaming;
using DeepDream.Imaging;
using DeepDream.Runtime;
using DeepDream.Video;

namespace DeepDream.Cli.Commands;

/// <summary>`deepdream zoom INPUT -o OUT`: the DeepDream video notebook's zoom, as .mp4, .webm, .gif or PNG frames.</summary>
static class ZoomCommand
{
    static readonly ZoomOptions Defaults = new();

    public static Command Create()
    {
        var common = new FrameCommandOptions("the photo the video starts from");
        var dream = new DreamOptionSet();
        var dreamSteps = CommonOptions.Ranged(ZoomOptions.Ranges.DreamSteps, "frames that dream deeper on the still image", Defaults.DreamSteps);
        var zoomSteps = CommonOptions.Ranged(ZoomOptions.Ranges.ZoomSteps, "frames that zoom in, then dream", Defaults.ZoomSteps);
        var zoom = CommonOptions.Ranged(ZoomOptions.Ranges.Zoom, "magnification per zoom frame", Defaults.Zoom);
        var rotate = CommonOptions.Ranged(ZoomOptions.Ranges.Rotate, "counter-clockwise rotation per zoom frame", Defaults.Rotate);
        var fps = CommonOptions.Ranged(ZoomOptions.Ranges.Fps, "frames per second", Defaults.Fps);
        var size = CommonOptions.Ranged(ZoomOptions.Ranges.Size, "scale the input first so its longer side is this many pixels");
        var layers = new Option<string?>(OptionName.Cli(nameof(ZoomOptions.Layers))) { Description = "layers along the video, e.g. \"layer3:20,layer4.0:20,layer4\" (cross-faded at each change)" };
        var blend = CommonOptions.Ranged(ZoomOptions.Ranges.Blend, "interpolated frames between dreamed frames, zoomed and cross-faded", Defaults.Blend);
        var noColorLock = new Option<bool>("--no-color-lock") { Description = "let colours drift instead of holding them at the first frame's" };
        var command = new Command("zoom", "make a zoom video: dreaming steps, then zooming steps")
            { dreamSteps, zoomSteps, zoom, rotate, fps, size, layers, blend, noColorLock };
        common.AddTo(command);
        dream.AddTo(command);
        command.SetAction((parsed, cancel) =>
        {
            var options = FrameCommandOptions.Checked(() =>
            {
                var options = new ZoomOptions
                {
                    Dream = dream.Read(parsed),
                    DreamSteps = parsed.GetValue(dreamSteps),
                    ZoomSteps = parsed.GetValue(zoomSteps),
                    Zoom = parsed.GetValue(zoom),
                    Rotate = parsed.GetValue(rotate),
                    Fps = parsed.GetValue(fps),
                    Size = parsed.GetValue(size),
                    Blend = parsed.GetValue(blend),
                    ColorLock = !parsed.GetValue(noColorLock),
                    Layers = parsed.GetValue(layers) is { } schedule ? LayerSchedule.Parse(schedule) : null,
                };
                options.Validate();
                return options;
            });
            return Task.FromResult(Run(common.Read(parsed), options, cancel));
        });
        return command;
    }

    static int Run(FrameCommandOptions.Values run, ZoomOptions options, CancellationToken cancel)
    {
        var (outputPath, toFolder, store) = (run.Output, run.ToFolder, run.Store);
        OutputCheck.VideoOrFolder(outputPath, toFolder);
        var photo = ImageFile.Read(run.Input, options.Size);
        var ffmpegMissing = !toFolder && VideoEncoder.FindFfmpeg() is null;
        if (ffmpegMissing && !run.Quiet)
            Console.Error.WriteLine($"deepdream: ffmpeg is not installed: the frames will be written to '{store.Folder}', but not encoded");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var sessions = new SessionCache();
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
