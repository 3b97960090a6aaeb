using System.Globalization;
using System.Text.Json;

namespace DeepDream.Video.Clips;

/// <summary>
/// Asks ffprobe what a clip holds, and turns every kind of file that is not a playable clip into a one-line error.
/// It never decodes the clip to count its frames: <see cref="Inspect"/> reads only the container's headers and
/// packets, so a clip of 20,000 frames, or one declaring 16000x16000 pixels, is measured in milliseconds and
/// refused before a frame is decoded.
/// </summary>
public static class VideoProbe
{
    /// <summary>
    /// What the clip's container says, with no decoder run: cheap and bounded enough for a web request. The frames
    /// are its packets, counted; a frame larger than <see cref="ClipLimits.MaxPixels"/> is refused.
    /// </summary>
    public static ClipHeader Inspect(string path, ClipLimits limits, CancellationToken cancel = default)
    {
        if (!File.Exists(path)) throw new DeepDreamException($"'{path}' {(Directory.Exists(path) ? "is a folder" : "does not exist")}; give the path of a video clip");
        var source = new ClipSource(path, ClipContainer.Of(path, $"'{path}'"), limits);
        var streams = Streams(Run(source.DemuxArguments, source, cancel, "-nofind_stream_info", "-count_packets", "-show_streams"));
        var video = streams.Cast<JsonElement?>().FirstOrDefault(s => Text(s!.Value, "codec_type") == "video")
            ?? throw new DeepDreamException($"'{path}' has no video stream ({(streams.Count == 0 ? "no streams" : "only " + string.Join(", ", streams.Select(s => Text(s, "codec_type")).Distinct()))}); give a video clip");
        var (width, height) = SizeOf(video);
        CheckPixels(path, width, height, limits);
        var frames = int.TryParse(Text(video, "nb_read_packets"), CultureInfo.InvariantCulture, out var n) ? n : 0;
        if (frames == 0) throw new DeepDreamException($"'{path}' has an empty video stream ({Text(video, "codec_name")}); the file is damaged or cut off");
        var audio = streams.Where(s => Text(s, "codec_type") == "audio").Select(s => Text(s, "codec_name") ?? "unknown").FirstOrDefault();
        return new ClipHeader(source, frames, width, height, RateOf(video), audio);
    }

    /// <summary>
    /// <see cref="Inspect"/>, then the stream's details that need its first frames (ffmpeg's stream analysis decodes a
    /// few, each held to the pixel limit): the exact frame rate, the size frames show at, their rotation.
    /// </summary>
    public static ClipInfo Probe(string path, ClipLimits? limits = null, CancellationToken cancel = default)
    {
        var header = Inspect(path, limits ?? ClipLimits.CommandLine, cancel);
        var video = Streams(Run(header.Source.DecodeArguments, header.Source, cancel, "-select_streams", "V:0", "-show_streams")).FirstOrDefault();
        if (video.ValueKind != JsonValueKind.Object) throw new DeepDreamException($"'{path}' lost its video stream on a second look; the file is damaged");
        var (width, height) = SizeOf(video);
        CheckPixels(path, width, height, header.Source.Limits);
        if (width == 0 || height == 0)
            throw new DeepDreamException($"no frame of '{path}' decodes ({Text(video, "codec_name")} video); the file is damaged, or this ffmpeg lacks the decoder");
        var rate = RateOf(video) ?? throw new DeepDreamException($"'{path}' gives no frame rate; convert it to .mp4 (ffmpeg -i in out.mp4)");
        if (IsQuarterTurned(video)) (width, height) = (height, width);
        return new ClipInfo(header.Source, header.Frames, rate, width, height, header.AudioCodec);
    }

    static JsonElement Run(IReadOnlyList<string> input, ClipSource source, CancellationToken cancel, params string[] options)
    {
        using var ffprobe = FfmpegProcess.Start("ffprobe", ["-v", "error", "-print_format", "json", .. options, .. input],
            $"'{source.Path}'", source.Limits.ProbeTime, cancel);
        var json = new StreamReader(ffprobe.Output).ReadToEnd();
        if (ffprobe.Finish() != 0)
            throw new DeepDreamException($"'{source.Path}' is not a video ffmpeg can read ({ffprobe.Error(FfmpegProcess.FileArgument(source.Path))}); check that it plays, or convert it to .mp4");
        try
        {
            return JsonDocument.Parse(json).RootElement;
        }
        catch (JsonException e)
        {
            throw new DeepDreamException($"ffprobe's description of '{source.Path}' is not JSON ({e.Message}); is ffprobe broken?", e);
        }
    }

    /// <summary>The streams, less cover art: in an audio file that is a one-frame "video" stream, which ffmpeg's 0:V:0 (ClipReader) skips too.</summary>
    static List<JsonElement> Streams(JsonElement root) =>
        root.TryGetProperty("streams", out var streams) ? [.. streams.EnumerateArray().Where(s => !IsAttachedPicture(s))] : [];

    static (int Width, int Height) SizeOf(JsonElement video) =>
        (video.TryGetProperty("width", out var w) && w.TryGetInt32(out var width) ? width : 0,
         video.TryGetProperty("height", out var h) && h.TryGetInt32(out var height) ? height : 0);

    static void CheckPixels(string path, int width, int height, ClipLimits limits)
    {
        if ((long)width * height > limits.MaxPixels)
            throw new DeepDreamException(string.Create(CultureInfo.InvariantCulture,
                $"'{path}' has frames of {width}x{height} pixels, more than the {limits.MaxPixels / 1e6:0.#} megapixels allowed here; scale it down first (ffmpeg -i in -vf scale=1920:-2 out.mp4)"));
    }

    /// <summary>
    /// r_frame_rate, the exact rate of a constant-rate clip; but a variable-rate one (phones, screen recordings) or
    /// one coded as fields can name a rate well above its frames' average, and playing them at that would shorten the
    /// clip and leave its sound behind, so there the average is taken.
    /// </summary>
    static FrameRate? RateOf(JsonElement video)
    {
        var nominal = FrameRate.TryParse(Text(video, "r_frame_rate"));
        var average = FrameRate.TryParse(Text(video, "avg_frame_rate"));
        return nominal is null || average is not null && Math.Abs(average.Value / nominal.Value - 1) > 0.01 ? average : nominal;
    }

    /// <summary>A phone clip shot upright is stored sideways with a display rotation, which ffmpeg applies when decoding.</summary>
    static bool IsQuarterTurned(JsonElement video) =>
        video.TryGetProperty("side_data_list", out var sideData)
        && sideData.EnumerateArray().Any(d => d.TryGetProperty("rotation", out var r) && r.TryGetDouble(out var degrees) && Math.Abs(Math.Round(degrees)) % 180 == 90);

    static bool IsAttachedPicture(JsonElement stream) =>
        stream.TryGetProperty("disposition", out var d) && d.TryGetProperty("attached_pic", out var a) && a.ValueKind == JsonValueKind.Number && a.GetInt32() == 1;

    static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
