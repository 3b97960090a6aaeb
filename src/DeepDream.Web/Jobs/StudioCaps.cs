using System.Globalization;
using DeepDream.Dreaming;
using DeepDream.Dreaming.Objectives;
using DeepDream.Models;
using DeepDream.Video;
using DeepDream.Video.Clips;
using DeepDream.Visualization;

namespace DeepDream.Web.Jobs;

/// <summary>
/// What the studio allows on top of each option's own rules. It is a shared server: one request may not ask
/// for hours of work, nor name a file on this machine. These are the studio's caps, not the options' rules
/// (the command line allows the whole ranges), and a request over one is told so.
/// </summary>
public static class StudioCaps
{
    /// <summary>Each term is one more layer or channel the dream's graph reads and differentiates.</summary>
    public const int ObjectiveTerms = 16;

    /// <summary>
    /// The tiles of one channel sheet: at the caps, each channel is seconds of work, and 64 of them are already
    /// minutes. Wider layers are seen a range at a time, and the range is the studio's default too.
    /// </summary>
    public const int SheetChannels = 64;

    /// <summary>Looks on one looks sheet: each is a whole dream of the photo.</summary>
    public const int LooksPerSheet = 10;

    /// <summary>
    /// The most of a clip one job dreams: a minute, and a minute's frames at 25 fps, so a high frame rate does not
    /// multiply the work. At the studio's size a frame takes seconds: that is already an hour or two.
    /// </summary>
    public const int ClipSeconds = 60;

    /// <inheritdoc cref="ClipSeconds"/>
    public const int ClipFrames = 1500;

    /// <summary>
    /// The frames the studio decodes: at most DCI 4K (4096x2160 and a little more), as the studio dreams them at 1024
    /// pixels anyway and owes nobody the decoding of larger ones; and ten seconds for ffprobe to describe a clip,
    /// a hundred times what an honest 100 MB file takes.
    /// </summary>
    public static readonly ClipLimits Clips = new(4096L * 2304, TimeSpan.FromSeconds(10));

    /// <summary>
    /// The checks of dream options no declaration states: only catalog models, a bounded objective, and layers and
    /// channels that exist (a typo is the user's to fix now, not a failed job later).
    /// </summary>
    public static void Check(DreamOptions dream)
    {
        CheckModel(dream.Model);
        if (dream.Objective is { } objective && ObjectiveExpression.Parse(objective).Terms.Count is var terms and > ObjectiveTerms)
            throw new DeepDreamException($"the objective has {terms} terms; the studio dreams at most {ObjectiveTerms}");
        var model = ModelCatalog.Load(dream.Model);
        IEnumerable<(string Layer, int? Channel)> dreamed = dream.Objective is { } expression
            ? ObjectiveExpression.Parse(expression).Terms.Select(t => (t.Layer, t.Channel))
            : [(dream.Layer ?? model.DefaultLayer, dream.Channel)];
        foreach (var (name, channel) in dreamed)
        {
            var layer = model.Layer(name).Name;
            if (channel is { } c) ModelLayers.Check(model, layer, new ChannelRange(c, c));
        }
    }

    /// <summary>The channels of one sheet.</summary>
    public static void Check(ChannelRange channels)
    {
        if (channels.Count > SheetChannels)
            throw new DeepDreamException($"channels {channels} are {channels.Count} channels; a sheet in the studio shows at most {SheetChannels}: ask for a range like 0-{SheetChannels - 1}");
    }

    /// <summary>Only catalog models: a request never names a file on this machine.</summary>
    public static void CheckModel(string model)
    {
        if (!ModelCatalog.Names.Contains(model))
            throw new DeepDreamException($"model must be one of {string.Join(", ", ModelCatalog.Names)}, not '{model}'");
    }

    /// <summary>
    /// The part of the clip a job would dream (start to end) must exist and be within the clip caps: checked from the
    /// clip's headers before the job is queued (its length in seconds where they declare a frame rate), and again by
    /// the worker once the clip is probed.
    /// </summary>
    public static void Check(ClipHeader clip, VideoOptions video) => CheckPart(clip.Frames, clip.Rate, video);

    /// <inheritdoc cref="Check(ClipHeader, VideoOptions)"/>
    public static void Check(ClipInfo clip, VideoOptions video) => CheckPart(clip.Frames, clip.Rate, video);

    static void CheckPart(int clipFrames, FrameRate? rate, VideoOptions video)
    {
        if (video.Start > clipFrames) throw new DeepDreamException($"start is frame {video.Start}, past the end of the clip, which has {clipFrames} frames");
        var last = Math.Min(video.End ?? clipFrames, clipFrames);
        var frames = last - video.Start + 1;
        var part = frames == clipFrames ? "the whole clip" : $"frames {video.Start} to {last}";
        const string Advice = "choose fewer frames with start and end, or cut the clip shorter";
        if (frames > ClipFrames)
            throw new DeepDreamException($"{frames} frames to dream ({part}); the studio dreams at most {ClipFrames} frames of a clip: {Advice}");
        if (rate is null) return;
        var seconds = frames / rate.Value;
        if (seconds > ClipSeconds)
            throw new DeepDreamException(string.Create(CultureInfo.InvariantCulture,
                $"{seconds:0.#} s to dream ({part}, at {rate.Value:0.###} fps); the studio dreams at most {ClipSeconds} s of a clip: {Advice}"));
    }
}
