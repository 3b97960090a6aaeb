using DeepDream.Imaging;

namespace DeepDream.Video.Flow;

/// <summary>
/// How a clip moves from one input frame to the next: the backward flow (where each pixel of the
/// new frame was in the old one) and a mask, 1 where that is trustworthy and 0 where the pixel was
/// hidden before (disoccluded) or the flow is inconsistent — Ruder, Dosovitskiy and Brox's
/// forward–backward test, with a photometric check, smoothed.
/// </summary>
internal sealed class Motion
{
    Motion(FlowField backward, float[] mask, RgbImage pulledPrevious, RgbImage next)
    {
        Backward = backward;
        Mask = mask;
        Coverage = mask.Average();
        InputWarpError = Disagreement(pulledPrevious, next);
    }

    public FlowField Backward { get; }

    /// <summary>Per pixel of the new frame, 0..1.</summary>
    public float[] Mask { get; }

    /// <summary>The share of the new frame that the old one explains.</summary>
    public float Coverage { get; }

    /// <summary>The <see cref="WarpError"/> of the two frames the motion was found between.</summary>
    public double InputWarpError { get; }

    /// <summary>Above this mean difference (of 255) a pixel does not look like where the flow says it came from.</summary>
    const float MaxColourChange = 24;

    public static Motion Between(RgbImage previous, RgbImage next) =>
        From(Farneback.Between(next, previous), Farneback.Between(previous, next), previous, next);

    /// <param name="backward">next(p) ≈ previous(p + backward(p)).</param>
    /// <param name="forward">previous(q) ≈ next(q + forward(q)).</param>
    public static Motion From(FlowField backward, FlowField forward, RgbImage previous, RgbImage next)
    {
        // Flow is smooth across motion boundaries, so a revealed strip can borrow the mover's vectors and pass the
        // round trip; that it then looks unlike what it is said to come from gives it away (a photometric test).
        var pulled = backward.Pull(previous);
        var (w, h) = (backward.Width, backward.Height);
        var mask = new float[w * h];
        Parallel.For(0, h, y =>
        {
            for (var x = 0; x < w; x++)
            {
                var i = y * w + x;
                var (bx, by) = (backward.Dx[i], backward.Dy[i]);
                var (fx, fy) = forward.At(x + bx, y + by);
                // Going back then forward again must return to the start, within a tolerance that grows with the motion.
                var roundTrip = (bx + fx) * (bx + fx) + (by + fy) * (by + fy);
                var change = 0f;
                for (var c = 0; c < 3; c++) change += Math.Abs(next.Pixels[c * w * h + i] - pulled.Pixels[c * w * h + i]) / 3;
                mask[i] = roundTrip < 0.01f * (bx * bx + by * by + fx * fx + fy * fy) + 0.5f && change < MaxColourChange ? 1 : 0;
            }
        });
        return new Motion(backward, Smooth(mask, w, h), pulled, next);
    }

    /// <summary>Σ mask·|next − pull(previous)| / Σ mask, averaged over the channels: how far the frames disagree where the motion explains them.</summary>
    public double WarpError(RgbImage previous, RgbImage next) => Disagreement(Backward.Pull(previous), next);

    double Disagreement(RgbImage pulled, RgbImage next)
    {
        var n = next.PlaneSize;
        double error = 0, weight = 0;
        for (var i = 0; i < n; i++)
        {
            var m = Mask[i];
            if (m == 0) continue;
            weight += m;
            for (var c = 0; c < 3; c++) error += m * Math.Abs(next.Pixels[c * n + i] - pulled.Pixels[c * n + i]) / 3;
        }
        return weight > 0 ? error / weight : 0;
    }

    /// <summary>A 3x3 Gaussian (σ ≈ 0.8, Ruder et al.'s) so the mask's edges blend rather than cut.</summary>
    static float[] Smooth(float[] mask, int w, int h)
    {
        float[] kernel = [0.2f, 0.6f, 0.2f];
        var across = new float[mask.Length];
        var result = new float[mask.Length];
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
                for (var k = -1; k <= 1; k++) across[y * w + x] += kernel[k + 1] * mask[y * w + Math.Clamp(x + k, 0, w - 1)];
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
                for (var k = -1; k <= 1; k++) result[y * w + x] += kernel[k + 1] * across[Math.Clamp(y + k, 0, h - 1) * w + x];
        return result;
    }
}
