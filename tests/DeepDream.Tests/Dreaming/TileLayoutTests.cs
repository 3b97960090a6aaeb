using DeepDream.Dreaming;
using Xunit;

namespace DeepDream.Tests.Dreaming;

public class TileLayoutTests
{
    [Theory]
    [InlineData(300, 512, 32)]
    [InlineData(513, 512, 32)]
    [InlineData(731, 512, 32)]
    [InlineData(1024, 512, 32)]
    [InlineData(4000, 512, 32)]
    [InlineData(200, 128, 8)]
    public void CropsCoverTheAxisWithMarginsAndLittleOverlap(int length, int tileSize, int margin)
    {
        var layout = TileLayout.For(length, tileSize, margin);
        Assert.True(layout.Crop <= tileSize);
        var next = 0;
        foreach (var (start, coreStart, coreEnd) in layout.Tiles)
        {
            Assert.Equal(next, coreStart);
            Assert.True(start >= 0 && start + layout.Crop <= length);
            Assert.True(coreStart == 0 || coreStart >= start + margin, "a margin before the core");
            Assert.True(coreEnd == length || coreEnd <= start + layout.Crop - margin, "a margin after the core");
            next = coreEnd;
        }
        Assert.Equal(length, next);
        // No more tiles than needed, and the crops are no larger than the fewest tiles need.
        var minimum = length <= tileSize ? 1 : (int)Math.Ceiling((double)(length - 2 * margin) / (tileSize - 2 * margin));
        Assert.Equal(minimum, layout.Tiles.Count);
        Assert.True(layout.Tiles.Count * layout.Crop < length + layout.Tiles.Count * (2 * margin + 8));
    }
}
