using System.Globalization;
using System.Text.Json;

namespace DeepDream.Video.Clips;

/// <summary>Asks ffprobe what a clip holds, and turns every kind of file that is not a playable clip into a one-line error.</summary>
public static class VideoProbe
{
    public static ClipInfo Probe(string path)
    {
        if (!File.Exists(path)) throw new DeepDreamException($"'{path}' {(Directory.Exists(path) ? "is a folder" : "does not exist")}; give the path of a video clip");
        // -count_frames decodes the whole clip: slower than counting packets, but the count is then what
        // ClipReader yields, even for a damaged or cut-off file whose last packets do not decode.
        var root = Run(path, "-count_frames", "-show_streams", "-show_format");
        var format = root.GetProperty("format").GetProperty("format_name").GetString() ?? "";
        if (format.Split(',').Any(f => f == "image2" || f.EndsWith("_pipe", StringComparison.Ordinal)))
            throw new DeepDreamException($"'{path}' is a still image, not a video; use `deepdream dream` for photos");
        // Cover art in an audio file is a one-frame "video" stream; ffmpeg's 0:V:0 (ClipReader) skips it too.
        var streams = root.GetProperty("streams").EnumerateArray().Where(s => !IsAttachedPicture(s)).ToList();
        var video = streams.Cast<JsonElement?>().FirstOrDefault(s => Text(s!.Value, "codec_type") == "video")
            ?? throw new DeepDreamException($"'{path}' has no video stream ({(streams.Count == 0 ? "no streams" : "only " + string.Join(", ", streams.Select(s => Text(s, "codec_type")).Distinct()))}); give a video clip");
        var frames = int.TryParse(Text(video, "nb_read_frames"), CultureInfo.InvariantCulture, out var n) ? n : 0;
        if (frames == 0)
            throw new DeepDreamException($"no frame of '{path}' decodes ({Text(video, "codec_name")} video); the file is damaged, or this ffmpeg lacks the decoder");
        var rate = RateOf(video) ?? throw new DeepDreamException($"'{path}' gives no frame rate; convert it to .mp4 (ffmpeg -i in out.mp4)");
        var (width, height) = (video.GetProperty("width").GetInt32(), video.GetProperty("height").GetInt32());
        if (IsQuarterTurned(video)) (width, height) = (height, width);
        return new ClipInfo(path, frames, rate, width, height, streams.Any(s => Text(s, "codec_type") == "audio"), frames / rate.Value);
    }

    /// <summary>The codec of the clip's first audio stream ("aac", "pcm_s16le"), or null without one.</summary>
    internal static string? AudioCodec(string path) =>
        Run(path, "-select_streams", "a:0", "-show_streams").GetProperty("streams").EnumerateArray().Select(s => Text(s, "codec_name")).FirstOrDefault();

    static JsonElement Run(string path, params string[] options)
    {
        var input = FfmpegProcess.FileArgument(path);
        using var ffprobe = FfmpegProcess.Start("ffprobe", ["-v", "error", "-print_format", "json", .. options, input]);
        var json = new StreamReader(ffprobe.Output).ReadToEnd();
        if (ffprobe.Finish() != 0)
            throw new DeepDreamException($"'{path}' is not a video ffmpeg can read ({ffprobe.Error(input)}); check that it plays, or convert it to .mp4");
        try
        {
            return JsonDocument.Parse(json).RootElement;
        }
        catch (JsonException e)
        {
            throw new DeepDreamException($"ffprobe's description of '{path}' is not JSON ({e.Message}); is ffprobe broken?", e);
        }
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
