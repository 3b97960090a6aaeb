using Npgsql;

namespace DeepDream.Web.Jobs;

/// <summary>
/// Jobs in PostgreSQL, for a studio spread over machines: any number of API nodes add jobs and any
/// number of workers claim them. A claim is one UPDATE of the oldest queued row that no other
/// transaction holds (FOR UPDATE SKIP LOCKED), so concurrent workers neither wait on each other nor
/// take the same job. The schema is created on first use.
/// </summary>
public sealed class PostgresJobStore : IJobStore, IDisposable
{
    readonly NpgsqlDataSource source;

    public PostgresJobStore(string connectionString)
    {
        source = NpgsqlDataSource.Create(connectionString);
        // Nodes starting together would race to create the table; the first to take the lock does it.
        Execute("""
            BEGIN;
            SELECT pg_advisory_xact_lock(hashtext('deepdream jobs schema'));
            CREATE TABLE IF NOT EXISTS jobs (
              seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, id text NOT NULL UNIQUE, kind text NOT NULL,
              status text NOT NULL, options text NOT NULL, created timestamptz NOT NULL, error text, result text);
            CREATE INDEX IF NOT EXISTS jobs_queued ON jobs (seq) WHERE status = 'Queued';
            COMMIT;
            """);
    }

    public void Add(Job job) => Execute("INSERT INTO jobs (id, kind, status, options, created) VALUES (@id, @kind, @status, @options, @created)",
        ("id", job.Id), ("kind", job.Kind.ToString()), ("status", job.Status.ToString()), ("options", job.Options), ("created", job.Created.ToUniversalTime()));

    public Job? Get(string id) => JobIds.IsValid(id) ? Query("SELECT * FROM jobs WHERE id = @id", ("id", id)).FirstOrDefault() : null;

    public IReadOnlyList<Job> List() => Query("SELECT * FROM jobs ORDER BY seq DESC");

    public int QueueDepth()
    {
        using var command = source.CreateCommand("SELECT count(*) FROM jobs WHERE status = 'Queued'");
        return Convert.ToInt32(command.ExecuteScalar());
    }

    public int? QueuePosition(string id)
    {
        using var command = source.CreateCommand("""
            SELECT (SELECT count(*) FROM jobs AS ahead WHERE ahead.status = 'Queued' AND ahead.seq <= job.seq)
            FROM jobs AS job WHERE job.id = @id AND job.status = 'Queued'
            """);
        command.Parameters.AddWithValue("id", id);
        return command.ExecuteScalar() is long position ? (int)position : null;
    }

    public Job? ClaimNext() => Query("""
        UPDATE jobs SET status = 'Running'
        WHERE seq = (SELECT seq FROM jobs WHERE status = 'Queued' ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING *
        """).FirstOrDefault();

    public bool Finish(string id, JobStatus status, string? error = null, string? result = null) =>
        Execute("UPDATE jobs SET status = @status, error = @error, result = @result WHERE id = @id AND status IN ('Queued', 'Running')",
            ("id", id), ("status", status.ToString()), ("error", error), ("result", result)) > 0;

    public void Delete(string id) => Execute("DELETE FROM jobs WHERE id = @id", ("id", id));

    public void Dispose() => source.Dispose();

    int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteNonQuery();
    }

    List<Job> Query(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        using var reader = command.ExecuteReader();
        return JobRows.ReadAll(reader, (row, at) => row.GetFieldValue<DateTimeOffset>(at));
    }

    NpgsqlCommand Command(string sql, (string Name, object? Value)[] parameters)
    {
        var command = source.CreateCommand(sql);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}
