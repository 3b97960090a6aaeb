using System.Data.Common;

namespace DeepDream.Web.Jobs;

/// <summary>
/// The job store's statements in the SQL that SQLite and PostgreSQL share; each database says how to
/// connect, how it keeps a time, and how a worker claims a job.
/// </summary>
public abstract class SqlJobStore : IJobStore
{
    protected abstract DbConnection Open();

    /// <summary>The statement that marks the oldest claimable job running and returns it.</summary>
    protected abstract string ClaimStatement { get; }

    /// <summary>A creation time as the database stores it, and back.</summary>
    protected abstract object Store(DateTimeOffset time);
    protected abstract DateTimeOffset Read(DbDataReader row, int ordinal);

    public void Add(Job job) => Execute("INSERT INTO jobs (id, kind, status, options, created) VALUES (@id, @kind, @status, @options, @created)",
        ("id", job.Id), ("kind", job.Kind.ToString()), ("status", job.Status.ToString()), ("options", job.Options), ("created", Store(job.Created)));

    public Job? Get(string id) => JobIds.IsValid(id) ? Query("SELECT * FROM jobs WHERE id = @id", ("id", id)).FirstOrDefault() : null;

    public IReadOnlyList<Job> List() => Query("SELECT * FROM jobs ORDER BY seq DESC");

    public int QueueDepth() => Convert.ToInt32(Scalar("SELECT count(*) FROM jobs WHERE status = 'Queued'"));

    public int? QueuePosition(string id) => Scalar("""
        SELECT (SELECT count(*) FROM jobs AS ahead WHERE ahead.status = 'Queued' AND ahead.seq <= job.seq)
        FROM jobs AS job WHERE job.id = @id AND job.status = 'Queued'
        """, ("id", id)) is { } position and not DBNull ? Convert.ToInt32(position) : null;

    public Job? ClaimNext() => Query(ClaimStatement).FirstOrDefault();

    public bool Finish(string id, JobStatus status, string? error = null, string? result = null) =>
        Execute("UPDATE jobs SET status = @status, error = @error, result = @result WHERE id = @id AND status IN ('Queued', 'Running')",
            ("id", id), ("status", status.ToString()), ("error", error), ("result", result)) > 0;

    public void Delete(string id) => Execute("DELETE FROM jobs WHERE id = @id", ("id", id));

    protected int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Open();
        using var command = Command(connection, sql, parameters);
        return command.ExecuteNonQuery();
    }

    object? Scalar(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Open();
        using var command = Command(connection, sql, parameters);
        return command.ExecuteScalar();
    }

    List<Job> Query(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Open();
        using var command = Command(connection, sql, parameters);
        using var reader = command.ExecuteReader();
        var jobs = new List<Job>();
        string? Text(string column) => reader.IsDBNull(reader.GetOrdinal(column)) ? null : reader.GetString(reader.GetOrdinal(column));
        while (reader.Read())
            jobs.Add(new Job(Text("id")!, Enum.Parse<JobKind>(Text("kind")!), Enum.Parse<JobStatus>(Text("status")!), Text("options")!,
                Read(reader, reader.GetOrdinal("created")), Text("error"), Text("result")));
        return jobs;
    }

    static DbCommand Command(DbConnection connection, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
