using System.Data.Common;
using DeepDream.Imaging;
using DeepDream.Video;
using SkiaSharp;

namespace DeepDream.Web.Jobs;

/// <summary>Publishes one running job's progress on the board: how far, how long to go, what it is doing, and its latest picture.</summary>
public sealed class JobReporter(IProgressBoard board, string id)
{
    readonly DateTime started = DateTime.UtcNow;
    DateTime lastPreview = DateTime.MinValue;
    byte[]? preview;
    int previews;

    public void Report(double fraction, string message, RgbImage? image)
    {
        var elapsed = (DateTime.UtcNow - started).TotalSeconds;
        // Previews cost an encode: at most a few a second.
        if (image is not null && DateTime.UtcNow - lastPreview > TimeSpan.FromMilliseconds(400))
        {
            preview = ImageFile.Encode(image, SKEncodedImageFormat.Jpeg);
            previews++;
            lastPreview = DateTime.UtcNow;
        }
        // Progress is for watching: a board that cannot be reached for a moment must not stop the work.
        try { board.Set(id, new JobProgress(fraction, fraction > 0 ? elapsed * (1 - fraction) / fraction : null, message, preview, previews)); }
        catch (DbException) { }
    }

    /// <summary>A frame loop's progress (zooms, clips): a step a frame, each finished frame the preview.</summary>
    public void Frame(FrameProgress p) => Report((double)p.Frame / p.Frames, $"frame {p.Frame}/{p.Frames}", p.Image);
}
