using DeepDream.Imaging;
using DeepDream.Video;
using DeepDream.Video.Clips;
using Microsoft.AspNetCore.Http;
using SkiaSharp;

namespace DeepDream.Web.Jobs;

/// <summary>
/// A video job's input clip: the upload in the field 'video' (any container ffmpeg reads, told by its content,
/// never by the user's file name), or an earlier video job's clip, named by 'from'. It is probed and held to
/// the studio's clip caps before the job is queued, and its first dreamed frame is the job's picture.
/// </summary>
public sealed class ClipInput(StudioOptions options)
{
    /// <summary>The clip as uploaded: ffmpeg reads its container from its content, so the name has no type to trust.</summary>
    public const string FileName = "input.clip";

    const string Field = "video";

    public Upload Upload { get; } = new(Field, options.MaxVideoUploadBytes, "send a shorter clip, or one at a lower resolution");

    public static string PathIn(string folder) => Path.Combine(folder, FileName);

    public async Task SaveAsync(IFormCollection form, VideoOptions video, string folder, EarlierJobs earlier, CancellationToken cancel)
    {
        var path = PathIn(folder);
        if (form.Files.GetFile(Field) is { } file)
        {
            await using var target = File.Create(path);
            await file.CopyToAsync(target, cancel);
        }
        else if (form["from"].FirstOrDefault() is not { } from || !earlier.Copy(from, FileName, path))
            throw new DeepDreamException($"no clip: send a video file in the field '{Field}', or 'from' with the id of an earlier video job");

        var clip = Probe(path);
        StudioCaps.Check(clip, video);
        using var reader = new ClipReader(clip, video.MaxSize, video.Start, 1);
        ImageFile.Write(reader.Next() ?? throw new DeepDreamException($"frame {video.Start} of the clip does not decode"), Path.Combine(folder, ImageInput.FileName));
    }

    /// <summary>What the clip holds; the messages name it "the upload", never its place on this server.</summary>
    static ClipInfo Probe(string path)
    {
        // ffprobe calls a photo a still image too, but its advice is the command line's.
        using (var codec = SKCodec.Create(path))
            if (codec is not null && codec.EncodedFormat != SKEncodedImageFormat.Gif)
                throw new DeepDreamException($"the upload is a still image ({codec.EncodedFormat.ToString().ToLowerInvariant()}), not a video; dream photos with POST /api/dreams");
        try { return VideoProbe.Probe(path); }
        catch (DeepDreamException e) { throw new DeepDreamException(e.Message.Replace($"'{path}'", "the upload"), e); }
    }
}
