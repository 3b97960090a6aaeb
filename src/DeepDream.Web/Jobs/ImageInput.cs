using DeepDream.Imaging;
using Microsoft.AspNetCore.Http;

namespace DeepDream.Web.Jobs;

/// <summary>
/// A job's input photo: the upload in the field 'image' (its type told by its content, its size checked before
/// decoding, scaled to the studio's size), or an earlier job's input, named by 'from'.
/// </summary>
public sealed class ImageInput(StudioOptions options)
{
    /// <summary>Every job keeps a picture of its input here (GET /api/jobs/{id}/input serves it).</summary>
    public const string FileName = "input.png";

    public Upload Upload { get; } = new("image", options.MaxUploadBytes, "send a smaller image");

    public static RgbImage Read(string folder) => ImageFile.Read(Path.Combine(folder, FileName));

    public async Task SaveAsync(IFormCollection form, string folder, JobStore store) =>
        ImageFile.Write(await ReadAsync(form, folder, store), Path.Combine(folder, FileName));

    async Task<RgbImage> ReadAsync(IFormCollection form, string folder, JobStore store)
    {
        if (form.Files.GetFile(Upload.Field) is { } file)
        {
            var upload = Path.Combine(folder, "upload");
            await using (var target = File.Create(upload)) await file.CopyToAsync(target);
            try { return ImageFile.Read(upload, options.MaxImageSize, name: "the uploaded image"); }
            finally { File.Delete(upload); }
        }
        if (form["from"].FirstOrDefault() is { } from && store.Get(from) is not null)
            return Read(store.FolderOf(from));
        throw new DeepDreamException("no image: send a file in the field 'image', or 'from' with the id of an earlier job");
    }
}
