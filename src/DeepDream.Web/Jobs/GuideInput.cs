using DeepDream.Dreaming;
using DeepDream.Imaging;
using DeepDream.Requests;

namespace DeepDream.Web.Jobs;

/// <summary>
/// A guided dream's guide image: uploaded in the field 'guide', checked and scaled like photos, kept in the job's
/// folder. The stored options name only that file, and a job resolves it in its own folder, so no request ever
/// points a dream at a file of its choosing on this machine.
/// </summary>
public sealed class GuideInput(ImageInput images)
{
    public const string Field = "guide";

    /// <summary>The guide's file in the job's folder: what a guided job's stored options hold as its guide.</summary>
    public const string FileName = "guide.png";

    public static string PathIn(string folder) => Path.Combine(folder, FileName);

    /// <summary>The guide a request asks for: the job's guide file if it uploaded one (named by content once kept); a path in a text field is refused.</summary>
    public static InputFile? Read(OptionFields form) =>
        form.Text(nameof(DreamOptions.Guide)) is not null
            ? throw new DeepDreamException($"send the guide as an image file in the field '{Field}', not as text")
            : form.HasFile(Field) ? new InputFile(FileName) : null;

    /// <summary>Keeps the uploaded guide in the job's folder, if the options ask for one; returns it by its content.</summary>
    public async Task<InputFile?> SaveAsync(OptionFields form, DreamOptions dream, string folder, CancellationToken cancel)
    {
        if (dream.Guide is null) return null;
        var guide = await images.ReadUploadAsync(form.File(Field)!, folder, "the uploaded guide image", cancel);
        ImageFile.Write(guide, PathIn(folder));
        return new InputFile(FileName, InputFile.HashOf(PathIn(folder), "the guide image"));
    }
}
