namespace DeepDream;

/// <summary>Reports on the calling thread, unlike System.Progress&lt;T&gt;, which posts to the thread pool (and so reports late and out of order).</summary>
public sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    /// <summary>Hands the value to the report action now, on this thread.</summary>
    public void Report(T value) => report(value);
}
