using DeepDream.Imaging;
using DeepDream.Video;
using SkiaSharp;

namespace DeepDream.Web.Jobs;

/// <summary>Publishes one running job's progress on the board: how far, how long to go, what it is doing, and its latest picture.</summary>
public sealed class JobReporter(JobProgressBoard board, string id)
{
    readonly DateTime started = DateTime.UtcNow;
    DateTime lastPreview = DateTime.MinValue;
    int previews;

    public void Report(double fraction, string message, RgbImage? image)
    {
        var elapsed = (DateTime.UtcNow - started).TotalSeconds;
        var preview = board.Get(id)?.Preview;
        // Previews cost an encode: at most a few a second.
        if (image is not null && DateTime.UtcNow - lastPreview > TimeSpan.FromMilliseconds(400))
        {
            preview = ImageFile.Encode(image, SKEncodedImageFormat.Jpeg);
            previews++;
            lastPreview = DateTime.UtcNow;
        }
        board.Set(id, new JobProgress(fraction, fraction > 0 ? elapsed * (1 - fraction) / fraction : null, message, preview, previews));
    }

    /// <summary>A frame loop's progress (zooms, clips): a step a frame, each finished frame the preview.</summary>
    public IProgress<FrameProgress> Frames() =>
        new SyncProgress<FrameProgress>(p => Report((double)p.Frame / p.Frames, $"frame {p.Frame}/{p.Frames}", p.Image));
}
