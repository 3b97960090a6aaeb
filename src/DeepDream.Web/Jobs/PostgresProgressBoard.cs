using System.Collections.Concurrent;
using Npgsql;
using NpgsqlTypes;

namespace DeepDream.Web.Jobs;

/// <summary>
/// Live progress in PostgreSQL, one row per running job, for API nodes to stream from workers elsewhere.
/// A dream reports every gradient step; the row is written at most a few times a second (and whenever
/// the preview changes), which is as often as an event stream shows it.
/// </summary>
public sealed class PostgresProgressBoard(NpgsqlDataSource source) : IProgressBoard
{
    static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    // This node's latest writes: when, and which preview.
    readonly ConcurrentDictionary<string, (DateTime At, int Preview)> written = new();

    public JobProgress? Get(string id)
    {
        using var select = source.CreateCommand("SELECT fraction, remaining, message, preview, preview_version FROM job_progress WHERE job_id = @id");
        select.Parameters.AddWithValue("id", id);
        using var row = select.ExecuteReader();
        return row.Read()
            ? new JobProgress(row.GetDouble(0), row.IsDBNull(1) ? null : row.GetDouble(1), row.GetString(2),
                row.IsDBNull(3) ? null : row.GetFieldValue<byte[]>(3), row.GetInt32(4))
            : null;
    }

    public void Set(string id, JobProgress progress)
    {
        var now = DateTime.UtcNow;
        var known = written.TryGetValue(id, out var last);
        if (known && now - last.At < Interval && last.Preview == progress.PreviewVersion) return;
        written[id] = (now, progress.PreviewVersion);
        // The preview is most of the row's bytes: sent, and rewritten, only when it is a new one.
        var withPreview = !known || last.Preview != progress.PreviewVersion;
        using var upsert = source.CreateCommand(withPreview
            ? """
              INSERT INTO job_progress (job_id, fraction, remaining, message, preview, preview_version) VALUES (@id, @fraction, @remaining, @message, @preview, @version)
              ON CONFLICT (job_id) DO UPDATE SET fraction = excluded.fraction, remaining = excluded.remaining, message = excluded.message,
                preview = excluded.preview, preview_version = excluded.preview_version
              """
            : """
              INSERT INTO job_progress (job_id, fraction, remaining, message, preview_version) VALUES (@id, @fraction, @remaining, @message, @version)
              ON CONFLICT (job_id) DO UPDATE SET fraction = excluded.fraction, remaining = excluded.remaining, message = excluded.message
              """);
        upsert.Parameters.AddWithValue("id", id);
        upsert.Parameters.AddWithValue("fraction", progress.Fraction);
        upsert.Parameters.AddWithValue("remaining", NpgsqlDbType.Double, (object?)progress.RemainingSeconds ?? DBNull.Value);
        upsert.Parameters.AddWithValue("message", progress.Message);
        upsert.Parameters.AddWithValue("version", progress.PreviewVersion);
        if (withPreview) upsert.Parameters.AddWithValue("preview", NpgsqlDbType.Bytea, (object?)progress.Preview ?? DBNull.Value);
        upsert.ExecuteNonQuery();
    }

    public void Clear(string id)
    {
        written.TryRemove(id, out _);
        using var delete = source.CreateCommand("DELETE FROM job_progress WHERE job_id = @id");
        delete.Parameters.AddWithValue("id", id);
        delete.ExecuteNonQuery();
    }
}
