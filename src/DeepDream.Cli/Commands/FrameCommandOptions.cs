using System.CommandLine;
using DeepDream.Requests;
using DeepDream.Runtime;
using DeepDream.Video;

namespace DeepDream.Cli.Commands;

/// <summary>What every command that renders frames shares (zoom, video): its input and output, --keep-frames, --resume, --quiet, --json.</summary>
sealed class FrameCommandOptions(string inputDescription)
{
    readonly Argument<string> input = new("input") { Description = inputDescription };
    readonly Option<string> output = new("--output", "-o") { Description = "video.mp4, video.webm, video.gif, or a folder ending in / for numbered PNGs", Required = true };
    readonly Option<bool> keepFrames = new("--keep-frames") { Description = "also keep every frame as a PNG beside the video" };
    readonly Option<bool> resume = new("--resume") { Description = "continue an interrupted render from its finished frames" };
    readonly Option<bool> quiet = new("--quiet", "-q") { Description = "no progress bar" };
    readonly Option<bool> json = CommonOptions.Json();
    readonly Option<ComputeEngine> engine = CommonOptions.Engine();

    /// <param name="Quiet">No progress bar and no closing line: asked for, or implied by --json.</param>
    /// <param name="Engine">What runs the network.</param>
    public sealed record Values(string Input, string Output, bool KeepFrames, bool Resume, bool Quiet, bool Json, ComputeEngine Engine)
    {
        /// <summary>The sessions the render's frames share, on the engine asked for.</summary>
        public SessionCache Sessions() => new() { Engine = Engine };

        public bool ToFolder => Output.EndsWith('/');

        /// <summary>The render's work folder beside the output: every finished frame, kept for --resume.</summary>
        public FrameStore Store => new(Output.TrimEnd('/') + ".frames");
    }

    public void AddTo(Command command)
    {
        command.Arguments.Add(input);
        foreach (var option in new Option[] { output, keepFrames, resume, quiet, json, engine }) command.Options.Add(option);
    }

    /// <summary>A frame command: its input and output, its request's options, and what it does with them.</summary>
    public static Command Command<T>(string name, string description, string inputDescription, Func<Values, T, CancellationToken, int> run) where T : IOptions, new()
    {
        var common = new FrameCommandOptions(inputDescription);
        var request = new RequestOptions<T>();
        var command = new Command(name, description);
        common.AddTo(command);
        request.AddTo(command);
        command.SetAction((parsed, cancel) => Task.FromResult(run(common.Read(parsed), request.ReadChecked(parsed), cancel)));
        return command;
    }

    public Values Read(ParseResult parsed) => new(parsed.GetValue(input)!, parsed.GetValue(output)!, parsed.GetValue(keepFrames), parsed.GetValue(resume),
        parsed.GetValue(quiet) || parsed.GetValue(json), parsed.GetValue(json), parsed.GetValue(engine));

    /// <summary>Renders with a progress bar that tells the frame and the seconds per frame.</summary>
    public static T WithProgress<T>(Values values, Func<IProgress<FrameProgress>?, T> render) =>
        ProgressBar.Run<FrameProgress, T>(values.Quiet,
            p => ($"frame {p.Frame}/{p.Frames}{(p.SecondsPerFrame > 0 ? $", {p.SecondsPerFrame:0.0} s/frame" : "")}", (double)p.Frame / p.Frames),
            render);
}
