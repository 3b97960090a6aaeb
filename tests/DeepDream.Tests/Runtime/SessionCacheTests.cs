using DeepDream.Dreaming.Objectives;
using DeepDream.Runtime;
using DeepDream.Tests.Support;
using Xunit;

namespace DeepDream.Tests.Runtime;

public class SessionCacheTests
{
    static GradientSession Tiny()
    {
        var g = new TinyGraph(1, 3, 8, 8);
        var relu = g.Op("Relu", [TinyGraph.X]);
        return GradientSession.Create(g.Model, TinyGraph.X, Objective.Layer(relu));
    }

    [Fact]
    public void KeepsTheRecentSessionsAndFreesTheOldestBeforeBuildingAnother()
    {
        using var cache = new SessionCache(capacity: 2);
        var a = cache.Get("a", Tiny);
        var b = cache.Get("b", Tiny);
        Assert.Same(a, cache.Get("a", Tiny)); // a is now the most recent; b the oldest

        var bFreedFirst = false;
        cache.Get("c", () =>
        {
            bFreedFirst = Throws(b);
            return Tiny();
        });

        Assert.True(bFreedFirst);
        Assert.False(Throws(a));
    }

    static bool Throws(IGradientSession session)
    {
        try
        {
            session.Evaluate(new float[3 * 8 * 8]);
            return false;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
    }
}
