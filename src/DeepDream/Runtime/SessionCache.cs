namespace DeepDream.Runtime;

/// <summary>
/// Keeps the most recently used sessions, one per (model, objective, image size): building one
/// costs far more than running it, and a dream revisits the same few sizes (octaves, tiles).
/// </summary>
public sealed class SessionCache(int capacity = 8) : IDisposable
{
    readonly LinkedList<(string Key, GradientSession Session)> entries = [];
    readonly Lock gate = new();

    public GradientSession Get(string key, Func<GradientSession> create)
    {
        lock (gate)
        {
            for (var node = entries.First; node is not null; node = node.Next)
            {
                if (node.Value.Key != key) continue;
                entries.Remove(node);
                entries.AddFirst(node);
                return node.Value.Session;
            }
            var session = create();
            entries.AddFirst((key, session));
            while (entries.Count > capacity)
            {
                entries.Last!.Value.Session.Dispose();
                entries.RemoveLast();
            }
            return session;
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            foreach (var (_, session) in entries) session.Dispose();
            entries.Clear();
        }
    }
}
