using DeepDream.Imaging;
using DeepDream.Requests;

namespace DeepDream.Web.Jobs;

/// <summary>
/// A job's input photo: the upload in the field 'image' (its type told by its content, its size checked before
/// decoding, scaled to the studio's size), or an earlier job's input, named by 'from'.
/// </summary>
public sealed class ImageInput(StudioOptions options, DecodeBudget budget)
{
    /// <summary>Every job keeps a picture of its input here (GET /api/jobs/{id}/input serves it).</summary>
    public const string FileName = "input.png";

    const string Field = "image";

    public Upload Upload { get; } = new(Field, options.MaxUploadBytes, "send a smaller image");

    /// <param name="maxSize">Scales it down further, for work that needs less than the studio's size.</param>
    public static RgbImage Read(string folder, int? maxSize = null) => ImageFile.Read(Path.Combine(folder, FileName), maxSize);

    /// <summary>Keeps the photo in the job's folder; returns it by its content (an earlier job's photo is the same file).</summary>
    public async Task<InputFile> SaveAsync(OptionFields form, string folder, EarlierJobs earlier, CancellationToken cancel)
    {
        var path = Path.Combine(folder, FileName);
        if (form.File(Field) is { } file) ImageFile.Write(await ReadUploadAsync(file, folder, "the uploaded image", cancel), path);
        else if (form.Raw("from") is not { } from || !earlier.Copy(from, FileName, path))
            throw new DeepDreamException($"no image: send a file in the field '{Field}', or 'from' with the id of an earlier job");
        return new InputFile(FileName, InputFile.HashOf(path, "the photo"));
    }

    /// <summary>
    /// An uploaded picture, read as photos are (at most the photos' bytes; any decodable format, told by its content;
    /// its header checked against the pixel cap before decoding, then decoded when the budget has room for it) and scaled
    /// to the studio's size; <paramref name="name"/> is what messages call it.
    /// </summary>
    public async Task<RgbImage> ReadUploadAsync(UploadedFile file, string folder, string name, CancellationToken cancel)
    {
        // A clip's request may be larger than a photo's: a picture sent with it still has the photos' cap.
        if (file.Length > Upload.MaxBytes) throw new DeepDreamException($"{name}: {Upload.TooLarge}");
        var upload = Path.Combine(folder, "upload");
        await using (var target = File.Create(upload)) await file.CopyToAsync(target, cancel);
        try
        {
            await using var stream = File.OpenRead(upload);
            using var decoder = ImageDecoder.Open(stream, name, options.MaxImageSize);
            using (await budget.AdmitAsync(decoder.Pixels, cancel)) return decoder.Decode();
        }
        finally { File.Delete(upload); }
    }
}
