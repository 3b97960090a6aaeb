using System.Data.Common;
using Npgsql;

namespace DeepDream.Web.Jobs;

/// <summary>
/// Jobs in PostgreSQL, for a studio spread over machines: any number of API nodes add jobs and any
/// number of workers claim them. A claim is one UPDATE of the oldest queued row that no other
/// transaction holds (FOR UPDATE SKIP LOCKED), so concurrent workers neither wait on each other nor
/// take the same job. The schema is created on first use.
/// </summary>
public sealed class PostgresJobStore : SqlJobStore, IDisposable
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

    protected override string ClaimStatement => """
        UPDATE jobs SET status = 'Running'
        WHERE seq = (SELECT seq FROM jobs WHERE status = 'Queued' ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING *
        """;

    protected override DbConnection Open() => source.OpenConnection();

    protected override object Store(DateTimeOffset time) => time.ToUniversalTime();

    protected override DateTimeOffset Read(DbDataReader row, int ordinal) => row.GetFieldValue<DateTimeOffset>(ordinal);

    public void Dispose() => source.Dispose();
}
