using System.Data.Common;

namespace DeepDream.Web.Jobs;

/// <summary>
/// The job store's statements in the SQL that SQLite and PostgreSQL share; each database says how to
/// connect, how it keeps a time, how a worker's claim skips rows others hold, and how its schema began.
/// Times the workers compare (leases, run and queue times) are the database's clock in seconds, so the
/// nodes' clocks never need to agree.
/// </summary>
public abstract class SqlJobStore(int maxCrashes) : IJobStore
{
    protected abstract DbConnection Open();

    /// <summary>The database's clock, in seconds since 1970, as an SQL expression.</summary>
    protected abstract string Now { get; }

    /// <summary>What makes a claim's row lookup pass over rows other transactions hold; nothing where writers take turns.</summary>
    protected abstract string SkipLocked { get; }

    /// <summary>Begins the one transaction that migrates the schema, holding off every other node that would.</summary>
    protected abstract string BeginMigration { get; }

    /// <summary>The schema's versions in order, each one statement list; a database at version n runs those after n.</summary>
    protected abstract IReadOnlyList<string> Migrations { get; }

    /// <summary>Version 2, for both: who owns a job, who holds it until when, and its times.</summary>
    protected const string LeasesAndOwners = """
        ALTER TABLE jobs ADD COLUMN owner text;
        ALTER TABLE jobs ADD COLUMN worker text;
        ALTER TABLE jobs ADD COLUMN lease_until double precision;
        ALTER TABLE jobs ADD COLUMN queued double precision;
        ALTER TABLE jobs ADD COLUMN started double precision;
        ALTER TABLE jobs ADD COLUMN finished double precision;
        ALTER TABLE jobs ADD COLUMN attempts integer NOT NULL DEFAULT 0;
        CREATE INDEX IF NOT EXISTS jobs_owner ON jobs (owner, seq);
        """;

    /// <summary>Version 3 on SQLite, 6 on PostgreSQL: how many times a job's worker died while running it.</summary>
    protected const string CrashCounts = "ALTER TABLE jobs ADD COLUMN crashes integer NOT NULL DEFAULT 0";

    /// <summary>Brings the schema to the newest version: the first node to start does it, the others then find it done.</summary>
    protected void Migrate()
    {
        using var connection = Open();
        Run(connection, BeginMigration);
        Run(connection, "CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)");
        using (var version = Command(connection, "SELECT coalesce(max(version), 0) FROM schema_version", []))
            for (var v = Convert.ToInt32(version.ExecuteScalar()); v < Migrations.Count; v++)
            {
                Run(connection, Migrations[v]);
                Run(connection, $"INSERT INTO schema_version (version) VALUES ({v + 1})");
            }
        Run(connection, "COMMIT");
    }

    public void Add(Job job) => Execute($"INSERT INTO jobs (id, kind, status, options, created, owner, queued) VALUES (@id, @kind, @status, @options, @created, @owner, {Now})",
        ("id", job.Id), ("kind", job.Kind.ToString()), ("status", job.Status.ToString()), ("options", job.Options), ("created", Store(job.Created)), ("owner", job.Owner));

    public Job? Get(string id) => JobIds.IsValid(id) ? Query("SELECT * FROM jobs WHERE id = @id", ("id", id)).FirstOrDefault() : null;

    public IReadOnlyList<Job> List(string? owner = null) => owner is null
        ? Query("SELECT * FROM jobs ORDER BY seq DESC")
        : Query("SELECT * FROM jobs WHERE owner = @owner ORDER BY seq DESC", ("owner", owner));

    public int QueueDepth() => Convert.ToInt32(Scalar("SELECT count(*) FROM jobs WHERE status = 'Queued'"));

    public int? QueuePosition(string id) => Scalar("""
        SELECT (SELECT count(*) FROM jobs AS ahead WHERE ahead.status = 'Queued' AND ahead.seq <= job.seq)
        FROM jobs AS job WHERE job.id = @id AND job.status = 'Queued'
        """, ("id", id)) is { } position and not DBNull ? Convert.ToInt32(position) : null;

    public Job? ClaimNext(string worker, TimeSpan lease)
    {
        Recover($"lease_until < {Now}");
        return Query($"""
            UPDATE jobs SET status = 'Running', worker = @worker, lease_until = {Now} + @lease, started = coalesce(started, {Now}), attempts = attempts + 1
            WHERE seq = (SELECT seq FROM jobs WHERE status = 'Queued' ORDER BY seq LIMIT 1 {SkipLocked})
            RETURNING *
            """, ("worker", worker), ("lease", lease.TotalSeconds)).FirstOrDefault();
    }

    /// <summary>
    /// Counts a crash for each running job that <paramref name="lost"/> (an SQL condition) says nobody runs any more, its worker having
    /// died, and queues it again; one lost <c>maxCrashes</c> times is failed instead, so that a job that kills whatever runs it (out of
    /// memory in a decoder, say) does not take down every worker in turn, forever. Each lost job is counted once, by whoever gets to it.
    /// </summary>
    protected void Recover(string lost) => Execute($"""
        UPDATE jobs SET crashes = crashes + 1, worker = NULL, lease_until = NULL,
          status = CASE WHEN crashes + 1 >= @max THEN 'Failed' ELSE 'Queued' END,
          error = CASE WHEN crashes + 1 >= @max THEN @crashed END,
          finished = CASE WHEN crashes + 1 >= @max THEN {Now} END
        WHERE seq IN (SELECT seq FROM jobs WHERE status = 'Running' AND {lost} {SkipLocked})
        """, ("max", maxCrashes), ("crashed", Crashed(maxCrashes)));

    /// <summary>Why a job lost <paramref name="times"/> times is failed, in its error.</summary>
    static string Crashed(int times) =>
        $"its worker died {(times == 1 ? "once" : $"{times} times")} while running it (perhaps it ran out of memory), so the job was not tried again";

    public bool Renew(string id, string worker, TimeSpan lease) =>
        Execute($"UPDATE jobs SET lease_until = {Now} + @lease WHERE id = @id AND worker = @worker AND status = 'Running'",
            ("id", id), ("worker", worker), ("lease", lease.TotalSeconds)) > 0;

    public bool Complete(string id, string worker, JobStatus status, string? error = null, string? result = null) =>
        Execute($"UPDATE jobs SET status = @status, error = @error, result = @result, finished = {Now}, lease_until = NULL WHERE id = @id AND worker = @worker AND status = 'Running'",
            ("id", id), ("worker", worker), ("status", status.ToString()), ("error", error), ("result", result)) > 0;

    public bool Release(string id, string worker) =>
        Execute("UPDATE jobs SET status = 'Queued', worker = NULL, lease_until = NULL WHERE id = @id AND worker = @worker AND status = 'Running'",
            ("id", id), ("worker", worker)) > 0;

    public bool Finish(string id, JobStatus status, string? error = null, string? result = null) =>
        Execute($"UPDATE jobs SET status = @status, error = @error, result = @result, finished = {Now}, lease_until = NULL WHERE id = @id AND status IN ('Queued', 'Running')",
            ("id", id), ("status", status.ToString()), ("error", error), ("result", result)) > 0;

    public void Delete(string id) => Execute("DELETE FROM jobs WHERE id = @id", ("id", id));

    public JobStats Stats()
    {
        using var connection = Open();
        var byStatus = Enum.GetValues<JobStatus>().ToDictionary(s => s, _ => 0);
        using (var counts = Command(connection, "SELECT status, count(*) FROM jobs GROUP BY status", []))
        using (var row = counts.ExecuteReader())
            while (row.Read()) byStatus[Enum.Parse<JobStatus>(row.GetString(0))] = Convert.ToInt32(row.GetValue(1));

        string Buckets(string seconds) => string.Concat(JobStats.Buckets.Select(b => $", sum(CASE WHEN {seconds} <= {b} THEN 1 ELSE 0 END)"));
        var kinds = new List<KindTimes>();
        using (var times = Command(connection, $"""
            SELECT kind, count(*), coalesce(sum(finished - started), 0), coalesce(sum(started - queued), 0){Buckets("finished - started")}{Buckets("started - queued")}
            FROM jobs WHERE status = 'Done' AND started IS NOT NULL GROUP BY kind
            """, []))
        using (var row = times.ExecuteReader())
            while (row.Read())
            {
                var n = JobStats.Buckets.Length;
                int Count(int ordinal) => Convert.ToInt32(row.GetValue(ordinal));
                kinds.Add(new KindTimes(new JobKind(row.GetString(0)), Count(1), Convert.ToDouble(row.GetValue(2)), Convert.ToDouble(row.GetValue(3)),
                    Enumerable.Range(4, n).Select(Count).ToList(), Enumerable.Range(4 + n, n).Select(Count).ToList()));
            }
        return new JobStats(byStatus, kinds);
    }

    /// <summary>A creation time as the database stores it, and back.</summary>
    protected abstract object Store(DateTimeOffset time);
    protected abstract DateTimeOffset Read(DbDataReader row, int ordinal);

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
            jobs.Add(new Job(Text("id")!, new JobKind(Text("kind")!), Enum.Parse<JobStatus>(Text("status")!), Text("options")!,
                Read(reader, reader.GetOrdinal("created")), Text("error"), Text("result"), Text("owner"), Convert.ToInt32(reader["attempts"]), Convert.ToInt32(reader["crashes"])));
        return jobs;
    }

    static void Run(DbConnection connection, string sql)
    {
        using var command = Command(connection, sql, []);
        command.ExecuteNonQuery();
    }

    protected static DbCommand Command(DbConnection connection, string sql, (string Name, object? Value)[] parameters)
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
