using Microsoft.Data.Sqlite;

namespace DeepDream.Web.Jobs;

/// <summary>
/// Jobs in an embedded SQLite database in the data folder: the studio on one machine, nothing to install.
/// Survives restarts: a job that was running when the server stopped is queued again.
/// </summary>
public sealed class SqliteJobStore : IJobStore
{
    readonly string connectionString;

    public SqliteJobStore(string dataFolder)
    {
        Directory.CreateDirectory(dataFolder);
        connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(Path.GetFullPath(dataFolder), "jobs.db"), Pooling = false }.ToString();
        // Write-ahead logging: the event streams' reads never block the workers' writes.
        Execute("PRAGMA journal_mode = WAL");
        Execute("""
            CREATE TABLE IF NOT EXISTS jobs (
              seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, status TEXT NOT NULL,
              options TEXT NOT NULL, created TEXT NOT NULL, error TEXT, result TEXT);
            UPDATE jobs SET status = 'Queued' WHERE status = 'Running';
            """);
    }

    public void Add(Job job) => Execute("INSERT INTO jobs (id, kind, status, options, created) VALUES ($id, $kind, $status, $options, $created)",
        ("$id", job.Id), ("$kind", job.Kind.ToString()), ("$status", job.Status.ToString()), ("$options", job.Options), ("$created", job.Created.ToString("O")));

    public Job? Get(string id) => JobIds.IsValid(id) ? Query("SELECT * FROM jobs WHERE id = $id", ("$id", id)).FirstOrDefault() : null;

    public IReadOnlyList<Job> List() => Query("SELECT * FROM jobs ORDER BY seq DESC");

    public int QueueDepth() => Count("SELECT count(*) FROM jobs WHERE status = 'Queued'");

    public int? QueuePosition(string id)
    {
        var queued = Query("SELECT * FROM jobs WHERE status = 'Queued' ORDER BY seq").Select(j => j.Id).ToList();
        var index = queued.IndexOf(id);
        return index < 0 ? null : index + 1;
    }

    public Job? ClaimNext() => Query("""
        UPDATE jobs SET status = 'Running'
        WHERE seq = (SELECT seq FROM jobs WHERE status = 'Queued' ORDER BY seq LIMIT 1) RETURNING *
        """).FirstOrDefault();

    public bool Finish(string id, JobStatus status, string? error = null, string? result = null) =>
        Execute("UPDATE jobs SET status = $status, error = $error, result = $result WHERE id = $id AND status IN ('Queued', 'Running')",
            ("$id", id), ("$status", status.ToString()), ("$error", error), ("$result", result)) > 0;

    public void Delete(string id) => Execute("DELETE FROM jobs WHERE id = $id", ("$id", id));

    int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Open();
        using var command = Command(connection, sql, parameters);
        return command.ExecuteNonQuery();
    }

    int Count(string sql)
    {
        using var connection = Open();
        using var command = Command(connection, sql, []);
        return Convert.ToInt32(command.ExecuteScalar());
    }

    List<Job> Query(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Open();
        using var command = Command(connection, sql, parameters);
        using var reader = command.ExecuteReader();
        return JobRows.ReadAll(reader, (row, at) => DateTimeOffset.Parse(row.GetString(at)));
    }

    SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }

    static SqliteCommand Command(SqliteConnection connection, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}
