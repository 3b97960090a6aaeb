using System.CommandLine;
using DeepDream.Dreaming;
using DeepDream.Runtime;
using DeepDream.Video;
using DeepDream.Video.Clips;

namespace DeepDream.Cli.Commands;

/// <summary>`deepdream video INPUT -o OUT`: a user's clip dreamed frame by frame, steady along its motion, with its sound.</summary>
static class VideoCommand
{
    static readonly VideoOptions Defaults = new();

    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "the clip to dream (anything ffmpeg reads: mp4, webm, mov, animated gif…)" };
        var output = new Option<string>("--output", "-o") { Description = "video.mp4, video.webm, video.gif, or a folder ending in / for numbered PNGs", Required = true };
        var dream = new DreamOptionSet(Defaults.Dream);
        var firstIterations = CommonOptions.Ranged(VideoOptions.Ranges.FirstIterations, "iterations of the first frame and of each new shot", Defaults.FirstIterations);
        var flow = new Option<FlowMode>("--flow") { Description = "carry the dream along the clip's optical flow (farneback), or not (none)", DefaultValueFactory = _ => Defaults.Flow };
        var persistence = CommonOptions.Ranged(VideoOptions.Ranges.Persistence, "share of the previous frame's dreamed detail carried into the next", Defaults.Persistence);
        var blend = CommonOptions.Ranged(VideoOptions.Ranges.Blend, "with --flow none: start each frame from this much of the input and the rest of the previous dream");
        var start = CommonOptions.Ranged(VideoOptions.Ranges.Start, "first frame of the clip to dream", Defaults.Start);
        var end = CommonOptions.Ranged(VideoOptions.Ranges.End, "last frame to dream (default: the last)");
        var maxSize = CommonOptions.Ranged(VideoOptions.Ranges.MaxSize, "dream a copy scaled so its longer side is at most this");
        var layers = new Option<string?>(OptionName.Cli(nameof(VideoOptions.Layers))) { Description = "layers along the video, e.g. \"layer3:48,layer4.0:48,layer4\" (cross-faded at each change)" };
        var keepFrames = new Option<bool>("--keep-frames") { Description = "also keep every frame as a PNG beside the video" };
        var resume = new Option<bool>("--resume") { Description = "continue an interrupted render from its finished frames" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "no progress bar" };
        var json = CommonOptions.Json();
        var command = new Command("video", "dream a video clip frame by frame, steady along its motion, keeping its sound")
            { input, output, firstIterations, flow, persistence, blend, start, end, maxSize, layers, keepFrames, resume, quiet, json };
        dream.AddTo(command);
        command.SetAction((parsed, cancel) =>
        {
            VideoOptions options;
            try
            {
                options = new VideoOptions
                {
                    Dream = dream.Read(parsed),
                    FirstIterations = parsed.GetValue(firstIterations),
                    Flow = parsed.GetValue(flow),
                    Persistence = parsed.GetValue(persistence),
                    Blend = parsed.GetValue(blend),
                    Start = parsed.GetValue(start),
                    End = parsed.GetValue(end),
                    MaxSize = parsed.GetValue(maxSize),
                    Layers = parsed.GetValue(layers) is { } schedule ? LayerSchedule.Parse(schedule) : null,
                };
                options.Validate();
            }
            catch (DeepDreamException e)
            {
                throw new UsageException(e.Message);
            }
            return Task.FromResult(Run(parsed.GetValue(input)!, parsed.GetValue(output)!, options, parsed.GetValue(keepFrames), parsed.GetValue(resume),
                parsed.GetValue(quiet) || parsed.GetValue(json), parsed.GetValue(json), cancel));
        });
        return command;
    }

    static int Run(string inputPath, string outputPath, VideoOptions options, bool keepFrames, bool resume, bool quiet, bool json, CancellationToken cancel)
    {
        var toFolder = outputPath.EndsWith('/');
        OutputCheck.VideoOrFolder(outputPath, toFolder);
        var store = new FrameStore(outputPath.TrimEnd('/') + ".frames");
        using var sessions = new SessionCache();
        var result = ProgressBar.Run<FrameProgress, ClipDream>(quiet,
            p => ($"frame {p.Frame}/{p.Frames}{(p.SecondsPerFrame > 0 ? $", {p.SecondsPerFrame:0.0} s/frame" : "")}", (double)p.Frame / p.Frames),
            progress => ClipRenderer.Render(inputPath, options, store, resume, sessions, progress, cancel));

        if (toFolder) store.CopyTo(outputPath, result.Frames);
        else ClipEncoder.Encode(store.PathOf, result.Frames, result.Input.Rate, outputPath, result.Input, result.AudioStartSeconds, cancel);
        if (!keepFrames) store.Delete();
        return Report(result, outputPath, options, json, quiet);
    }

    static int Report(ClipDream result, string outputPath, VideoOptions options, bool json, bool quiet)
    {
        var audio = result.Input.HasAudio && !outputPath.EndsWith('/') && !outputPath.EndsWith(".gif", StringComparison.OrdinalIgnoreCase);
        if (json)
            Json.Print(new
            {
                input = new { path = result.Input.Path, frames = result.Input.Frames, fps = result.Input.Rate.ToString(), width = result.Input.Width, height = result.Input.Height, audio = result.Input.HasAudio },
                output = new { path = outputPath, frames = result.Frames, fps = result.Input.Rate.ToString(), width = result.Width, height = result.Height, audio },
                flow = options.Flow.ToString().ToLowerInvariant(),
                persistence = options.Persistence,
                sceneCuts = result.SceneCuts,
                flickerRatio = Math.Round(result.FlickerRatio, 3),
                seed = result.Seed,
                secondsPerFrame = result.Seconds / result.Frames,
                flowSecondsPerFrame = result.FlowSeconds / result.Frames,
                seconds = result.Seconds,
            });
        else if (!quiet)
            Console.Error.WriteLine($"wrote {outputPath} ({result.Frames} frames at {result.Input.Rate} fps, {result.Width}x{result.Height}{(audio ? ", with sound" : "")}, " +
                $"flicker {result.FlickerRatio:0.00}x the input's, seed {result.Seed}, {result.Seconds:0} s)");
        return 0;
    }
}
