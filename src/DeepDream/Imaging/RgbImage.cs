namespace DeepDream.Imaging;

/// <summary>
/// An RGB image as three float planes (NCHW without the N), values 0..255: the dream's working
/// representation, and exactly the layout the networks take.
/// </summary>
public sealed class RgbImage
{
    /// <summary>A black image (every value 0) of the size, in pixels.</summary>
    public RgbImage(int width, int height) : this(width, height, new float[3 * width * height]) { }

    /// <summary>An image over the given planes (see <see cref="Pixels"/>), which it keeps rather than copies.</summary>
    /// <exception cref="ArgumentException"><paramref name="pixels"/> does not hold 3 × width × height values.</exception>
    public RgbImage(int width, int height, float[] pixels)
    {
        if (pixels.Length != 3 * width * height) throw new ArgumentException("pixel count does not match the size", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>The width in pixels.</summary>
    public int Width { get; }
    /// <summary>The height in pixels.</summary>
    public int Height { get; }
    /// <summary>
    /// The red, green and blue planes, in that order, each row by row: channel c of pixel (x, y) is at
    /// (c · Height + y) · Width + x. Changes to it change the image.
    /// </summary>
    public float[] Pixels { get; }
    /// <summary>The number of values in one colour's plane: width × height.</summary>
    public int PlaneSize => Width * Height;

    /// <summary>A copy with its own pixels.</summary>
    public RgbImage Clone() => new(Width, Height, (float[])Pixels.Clone());

    /// <summary>Bilinear resampling to a new size; pixel centres map onto each other exactly.</summary>
    public RgbImage Resize(int width, int height) =>
        width == Width && height == Height ? Clone() : Resampling.Resize(this, width, height);

    /// <summary>Shifts the image by (dx, dy) with wrap-around, like numpy's roll.</summary>
    public RgbImage Roll(int dx, int dy)
    {
        var result = new RgbImage(Width, Height);
        dx = Mod(dx, Width);
        dy = Mod(dy, Height);
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < Height; y++)
            {
                var source = Pixels.AsSpan((c * Height + y) * Width, Width);
                var target = result.Pixels.AsSpan((c * Height + (y + dy) % Height) * Width, Width);
                source[..(Width - dx)].CopyTo(target[dx..]);
                source[(Width - dx)..].CopyTo(target[..dx]);
            }
        return result;
    }

    /// <summary>The rectangle [x, x + width) × [y, y + height) as a new image.</summary>
    public RgbImage Crop(int x, int y, int width, int height)
    {
        var result = new RgbImage(width, height);
        for (var c = 0; c < 3; c++)
            for (var row = 0; row < height; row++)
                Pixels.AsSpan((c * Height + y + row) * Width + x, width).CopyTo(result.Pixels.AsSpan((c * height + row) * width, width));
        return result;
    }

    /// <summary>Rounds to the 8-bit values an image file stores, in place, so a frame read back from disk is this frame exactly.</summary>
    public RgbImage Quantize()
    {
        for (var i = 0; i < Pixels.Length; i++) Pixels[i] = Math.Clamp(MathF.Round(Pixels[i]), 0, 255);
        return this;
    }

    /// <summary>(1 − t)·a + t·b.</summary>
    public static RgbImage Mix(RgbImage a, RgbImage b, float t)
    {
        var result = new RgbImage(a.Width, a.Height);
        for (var i = 0; i < result.Pixels.Length; i++) result.Pixels[i] = a.Pixels[i] + (b.Pixels[i] - a.Pixels[i]) * t;
        return result;
    }

    static int Mod(int a, int n) => ((a % n) + n) % n;
}
