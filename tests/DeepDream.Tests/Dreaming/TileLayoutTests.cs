using DeepDream.Dreaming;
using Xunit;

namespace DeepDream.Tests.Dreaming;

public class TileLayoutTests
{
    [Theory]
    [InlineData(300, 512, 1)]
    [InlineData(512, 512, 1)]
    [InlineData(513, 512, 2)]
    [InlineData(731, 512, 2)]
    [InlineData(1024, 512, 2)]
    [InlineData(4000, 512, 8)]
    [InlineData(200, 128, 2)]
    public void TheFewestEqualCropsCoverTheAxis(int length, int tileSize, int count)
    {
        var layout = TileLayout.For(length, tileSize);
        Assert.Equal(count, layout.Tiles.Count);
        Assert.True(layout.Crop <= tileSize);
        var next = 0;
        foreach (var (start, coreStart, coreEnd) in layout.Tiles)
        {
            Assert.Equal(next, coreStart);
            Assert.True(start >= 0 && start + layout.Crop <= length);
            Assert.True(start <= coreStart && coreEnd <= start + layout.Crop, "the core lies inside its crop");
            next = coreEnd;
        }
        Assert.Equal(length, next);
        // Overlaps are only what rounding the crop size up to a multiple of 8 leaves.
        Assert.True(layout.Tiles.Count * layout.Crop < length + layout.Tiles.Count * 8);
    }
}
