using Xunit;

namespace DeepDream.Tests.Support;

/// <summary>
/// Tests that run whole studios (worker processes that each take every core, a browser that must see progress while
/// a dream runs) take turns: run together on two cores they starve each other, and a browser could miss a dream's
/// progress altogether.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BusyStudios
{
    public const string Name = "busy studios";
}
