using System.CommandLine;
using DeepDream.Dreaming;
using DeepDream.Runtime;
using DeepDream.Video;
using DeepDream.Video.Clips;

namespace DeepDream.Cli.Commands;

/// <summary>`deepdream video INPUT -o OUT`: a user's clip dreamed frame by frame, steady along its motion, with its sound.</summary>
static class VideoCommand
{
    public static Command Create() => FrameCommandOptions.Command<VideoOptions>("video", "dream a video clip frame by frame, steady along its motion, keeping its sound",
        "the clip to dream (MP4/MOV, MKV/WebM, AVI, MPEG-TS or animated GIF)", Run);

    static int Run(FrameCommandOptions.Values run, VideoOptions options, CancellationToken cancel)
    {
        OutputCheck.VideoOrFolder(run.Output, run.ToFolder);
        var store = run.Store;
        using var sessions = run.Sessions();
        var clip = VideoProbe.Probe(run.Input, cancel: cancel);
        var result = FrameCommandOptions.WithProgress(run, progress => ClipRenderer.Render(clip, options, store, run.Resume, sessions, progress, cancel));

        if (run.ToFolder) store.CopyTo(run.Output, result.Frames);
        else VideoEncoder.Encode(store.PathOf, result.Frames, result.Input.Rate, run.Output, result.Input, result.AudioStartSeconds, cancel);
        if (!run.KeepFrames) store.Delete();
        return Report(result, run.Output, options, run.Json, run.Quiet);
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
