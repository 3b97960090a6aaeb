namespace DeepDream.Runtime;

/// <summary>
/// Keeps the most recently used sessions, one per (model, objective, image size): building one
/// costs far more than running it, and a dream revisits the same few sizes (octaves, tiles).
/// </summary>
public sealed class SessionCache(int capacity = 8) : IDisposable
{
    /// <summary>What runs the sessions this cache makes; <see cref="ComputeEngine.Auto"/> unless set.</summary>
    public ComputeEngine Engine { get; init; }

    readonly int capacity = capacity >= 1 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), "a cache holds at least one session");
    readonly LinkedList<(string Key, IGradientSession Session)> entries = [];
    readonly Lock gate = new();

    /// <summary>
    /// The session cached under <paramref name="key"/>, made by <paramref name="create"/> if there is none (the least recently
    /// used one is disposed first when the cache is full). The cache owns it: do not dispose it.
    /// </summary>
    /// <param name="key">What the session computes: its model, objective and image size.</param>
    internal IGradientSession Get(string key, Func<IGradientSession> create)
    {
        lock (gate)
        {
            if (Find(key) is { } cached) return cached;
            // Make room first, so the evicted session's memory is free before the new one takes its own.
            while (entries.Count >= capacity)
            {
                entries.Last!.Value.Session.Dispose();
                entries.RemoveLast();
            }
            var session = create();
            entries.AddFirst((key, session));
            return session;
        }
    }

    /// <summary>The session cached under <paramref name="key"/>, or null; it counts as used.</summary>
    internal IGradientSession? Find(string key)
    {
        lock (gate)
        {
            for (var node = entries.First; node is not null; node = node.Next)
                if (node.Value.Key == key)
                {
                    entries.Remove(node);
                    entries.AddFirst(node);
                    return node.Value.Session;
                }
            return null;
        }
    }

    /// <summary>Disposes every session it holds.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            foreach (var (_, session) in entries) session.Dispose();
            entries.Clear();
        }
    }
}
