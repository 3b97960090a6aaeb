namespace DeepDream.Imaging;

/// <summary>Sub-pixel zooms and rotations about the image centre, sampled bilinearly.</summary>
internal static class Warp
{
    /// <summary>
    /// Magnifies by <paramref name="zoom"/> (above 1 crops the centre and scales it back to full size)
    /// and rotates by <paramref name="degrees"/> counter-clockwise; samples outside repeat the edge.
    /// </summary>
    public static RgbImage ZoomRotate(RgbImage source, double zoom, double degrees)
    {
        var (w, h) = (source.Width, source.Height);
        var result = new RgbImage(w, h);
        var (cx, cy) = ((w - 1) / 2.0, (h - 1) / 2.0);
        var angle = degrees * Math.PI / 180;
        var (cos, sin) = (Math.Cos(angle) / zoom, Math.Sin(angle) / zoom);
        Parallel.For(0, h, y =>
        {
            for (var x = 0; x < w; x++)
            {
                // Inverse map: where in the source this output pixel's centre comes from.
                var (dx, dy) = (x - cx, y - cy);
                var sx = Math.Clamp(cx + cos * dx - sin * dy, 0, w - 1);
                var sy = Math.Clamp(cy + sin * dx + cos * dy, 0, h - 1);
                var (x0, y0) = ((int)sx, (int)sy);
                var (x1, y1) = (Math.Min(x0 + 1, w - 1), Math.Min(y0 + 1, h - 1));
                var (fx, fy) = ((float)(sx - x0), (float)(sy - y0));
                for (var c = 0; c < 3; c++)
                {
                    var plane = c * w * h;
                    var top = source.Pixels[plane + y0 * w + x0] * (1 - fx) + source.Pixels[plane + y0 * w + x1] * fx;
                    var bottom = source.Pixels[plane + y1 * w + x0] * (1 - fx) + source.Pixels[plane + y1 * w + x1] * fx;
                    result.Pixels[plane + y * w + x] = top * (1 - fy) + bottom * fy;
                }
            }
        });
        return result;
    }
}
