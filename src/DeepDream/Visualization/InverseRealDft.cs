using System.Numerics.Tensors;

namespace DeepDream.Visualization;

/// <summary>
/// numpy's irfft2 for one H × W plane (a half spectrum of H × (W/2+1) complex bins in, a real plane out),
/// as separable matrix products with precomputed twiddles, so any size works (224 = 2^5·7), and its
/// exact adjoint for back-propagation. As irfft does, the imaginary parts of the columns that are their
/// own mirror image (DC, and Nyquist for even W) are ignored.
/// </summary>
sealed class InverseRealDft
{
    readonly int height, width;
    readonly float[] cosY, sinY;  // H × H: cos, sin(2π·y·k/H); symmetric, so each is its own transpose
    readonly float[] cosX, sinX;  // bins × W: c(k)·cos, sin(2π·k·x/W) / (H·W), c = 1 for the self-mirrored columns, else 2

    public InverseRealDft(int height, int width)
    {
        (this.height, this.width) = (height, width);
        Bins = width / 2 + 1;
        (cosY, sinY) = Twiddles(height, height, (_, _) => 1);
        (cosX, sinX) = Twiddles(Bins, width, (k, n) => (k == 0 || 2 * k == n ? 1.0 : 2.0) / ((double)height * width));
    }

    /// <summary>Complex bins per row: W/2 + 1.</summary>
    public int Bins { get; }

    /// <summary>plane = irfft2(re + i·im).</summary>
    public void Transform(ReadOnlySpan<float> re, ReadOnlySpan<float> im, Span<float> plane)
    {
        var (aRe, aIm) = (new float[height * Bins], new float[height * Bins]);
        // Along y, complex: A = e^{+iθ}·S.
        Multiply(cosY, height, re, Bins, aRe, 1);
        Multiply(sinY, height, im, Bins, aRe, -1);
        Multiply(sinY, height, re, Bins, aIm, 1);
        Multiply(cosY, height, im, Bins, aIm, 1);
        // Along x, keeping the real part.
        plane.Clear();
        Multiply(aRe, Bins, cosX, width, plane, 1);
        Multiply(aIm, Bins, sinX, width, plane, -1);
    }

    /// <summary>The transpose of <see cref="Transform"/>: from d/d plane to d/d re and d/d im.</summary>
    public void Adjoint(ReadOnlySpan<float> plane, Span<float> re, Span<float> im)
    {
        var (aRe, aIm) = (new float[height * Bins], new float[height * Bins]);
        for (var y = 0; y < height; y++)
            for (var k = 0; k < Bins; k++)
            {
                var row = plane.Slice(y * width, width);
                aRe[y * Bins + k] = TensorPrimitives.Dot(row, cosX.AsSpan(k * width, width));
                aIm[y * Bins + k] = -TensorPrimitives.Dot(row, sinX.AsSpan(k * width, width));
            }
        re.Clear();
        im.Clear();
        Multiply(cosY, height, aRe, Bins, re, 1);
        Multiply(sinY, height, aIm, Bins, re, 1);
        Multiply(sinY, height, aRe, Bins, im, -1);
        Multiply(cosY, height, aIm, Bins, im, 1);
    }

    /// <summary>c += sign · a·b, with a of size m × k (k = b's rows) and b of k × n, row-major.</summary>
    static void Multiply(ReadOnlySpan<float> a, int k, ReadOnlySpan<float> b, int n, Span<float> c, float sign)
    {
        var m = a.Length / k;
        for (var i = 0; i < m; i++)
        {
            var target = c.Slice(i * n, n);
            for (var p = 0; p < k; p++)
                TensorPrimitives.MultiplyAdd(b.Slice(p * n, n), sign * a[i * k + p], target, target);
        }
    }

    /// <summary>rows × n tables of weight(k, n)·cos and ·sin of 2π·k·x/n, the angle reduced exactly first.</summary>
    static (float[] Cos, float[] Sin) Twiddles(int rows, int n, Func<int, int, double> weight)
    {
        var (cos, sin) = (new float[rows * n], new float[rows * n]);
        for (var k = 0; k < rows; k++)
            for (var x = 0; x < n; x++)
            {
                var angle = 2 * Math.PI * ((long)k * x % n) / n;
                cos[k * n + x] = (float)(weight(k, n) * Math.Cos(angle));
                sin[k * n + x] = (float)(weight(k, n) * Math.Sin(angle));
            }
        return (cos, sin);
    }
}
