using DeepDream.Imaging;
using DeepDream.Requests;
using DeepDream.Video;
using DeepDream.Video.Clips;
using SkiaSharp;

namespace DeepDream.Web.Jobs;

/// <summary>
/// A video job's input clip: the upload in the field 'video' (a container told by its content, never by the user's
/// file name), or an earlier video job's clip, named by 'from'. The request only inspects it — its container's
/// headers and packets, under the studio's clip caps — and decodes nothing: the worker that runs the job probes and
/// decodes it, and keeps its first dreamed frame as the job's picture.
/// </summary>
public sealed class ClipInput(StudioOptions options)
{
    /// <summary>The clip as uploaded: its container is read from its content, so the name has no type to trust.</summary>
    public const string FileName = "input.clip";

    const string Field = "video";

    public Upload Upload { get; } = new(Field, options.MaxVideoUploadBytes, "send a shorter clip, or one at a lower resolution");

    public static string PathIn(string folder) => Path.Combine(folder, FileName);

    /// <summary>Keeps the clip in the job's folder, its headers checked against the caps; returns it by its content.</summary>
    public async Task<InputFile> SaveAsync(OptionFields form, VideoOptions video, string folder, EarlierJobs earlier, CancellationToken cancel)
    {
        var path = PathIn(folder);
        if (form.File(Field) is { } file)
        {
            await using var target = File.Create(path);
            await file.CopyToAsync(target, cancel);
        }
        else if (form.Raw("from") is not { } from || !earlier.Copy(from, FileName, path))
            throw new DeepDreamException($"no clip: send a video file in the field '{Field}', or 'from' with the id of an earlier video job");

        // ffprobe calls a photo a still image too, but its advice is the command line's.
        using (var codec = SKCodec.Create(path))
            if (codec is not null && codec.EncodedFormat != SKEncodedImageFormat.Gif)
                throw new DeepDreamException($"the upload is a still image ({codec.EncodedFormat.ToString().ToLowerInvariant()}), not a video; dream photos with POST /api/dreams");
        StudioCaps.Check(AsUpload(path, () => VideoProbe.Inspect(path, StudioCaps.Clips, cancel)), video);
        return new InputFile(FileName, InputFile.HashOf(path, "the clip"));
    }

    /// <summary>
    /// The job's clip, for the worker: probed, held to the caps again now that its frame rate is certain, and its first
    /// frame to dream kept as the job's picture (once: a job run again has it).
    /// </summary>
    public static ClipInfo Open(string folder, VideoOptions video, CancellationToken cancel)
    {
        var clip = VideoProbe.Probe(PathIn(folder), StudioCaps.Clips, cancel);
        StudioCaps.Check(clip, video);
        var picture = Path.Combine(folder, ImageInput.FileName);
        if (!File.Exists(picture))
        {
            using var reader = new ClipReader(clip, video.MaxSize, video.Start, 1, cancel);
            ImageFile.Write(reader.Next() ?? throw new DeepDreamException($"frame {video.Start} of the clip does not decode; the file is damaged"), picture);
        }
        return clip;
    }

    /// <summary>Messages about the upload name it "the upload", never its place on this server.</summary>
    static T AsUpload<T>(string path, Func<T> look)
    {
        try { return look(); }
        catch (DeepDreamException e) { throw new DeepDreamException(e.Message.Replace($"'{path}'", "the upload"), e); }
    }
}
