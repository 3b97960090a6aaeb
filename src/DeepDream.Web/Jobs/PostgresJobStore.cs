using System.Data.Common;
using Npgsql;

namespace DeepDream.Web.Jobs;

/// <summary>
/// Jobs in PostgreSQL, for a studio spread over machines: any number of API nodes add jobs and any
/// number of workers claim them. A claim is one UPDATE of the oldest claimable row that no other
/// transaction holds (FOR UPDATE SKIP LOCKED), so concurrent workers neither wait on each other nor
/// take the same job. The schema is created and migrated on first use; the job's files and live
/// progress, and the sheet cache, have tables of their own here too (<see cref="PostgresJobFiles"/>, <see cref="PostgresProgressBoard"/>,
/// <see cref="PostgresSheetCache"/>).
/// </summary>
public sealed class PostgresJobStore : SqlJobStore, IDisposable
{
    /// <param name="maxCrashes">How many times this node's workers let a job's worker die with it before they fail it.</param>
    public PostgresJobStore(NpgsqlDataSource source, int maxCrashes) : base(maxCrashes)
    {
        Source = source;
        Migrate();
    }

    public PostgresJobStore(string connectionString, int maxCrashes) : this(NpgsqlDataSource.Create(connectionString), maxCrashes) { }

    /// <summary>The connection pool every PostgreSQL part of one node shares.</summary>
    public NpgsqlDataSource Source { get; }

    protected override string Now => "extract(epoch from clock_timestamp())::float8";

    protected override string SkipLocked => "FOR UPDATE SKIP LOCKED";

    protected override string BeginMigration => "BEGIN; SELECT pg_advisory_xact_lock(hashtext('deepdream schema'))";

    protected override IReadOnlyList<string> Migrations { get; } =
    [
        """
        CREATE TABLE IF NOT EXISTS jobs (
          seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, id text NOT NULL UNIQUE, kind text NOT NULL,
          status text NOT NULL, options text NOT NULL, created timestamptz NOT NULL, error text, result text);
        CREATE INDEX IF NOT EXISTS jobs_queued ON jobs (seq) WHERE status = 'Queued';
        """,
        LeasesAndOwners,
        """
        CREATE INDEX jobs_running ON jobs (seq) WHERE status = 'Running';
        CREATE TABLE job_files (job_id text NOT NULL, name text NOT NULL, content bytea NOT NULL, PRIMARY KEY (job_id, name));
        CREATE TABLE job_progress (
          job_id text PRIMARY KEY, fraction double precision NOT NULL, remaining double precision, message text NOT NULL,
          preview bytea, preview_version integer NOT NULL);
        """,
        "CREATE TABLE sheets (key text PRIMARY KEY, entry text NOT NULL, picture bytea NOT NULL)",
        "CREATE TABLE data_protection_keys (name text PRIMARY KEY, xml text NOT NULL)",
        CrashCounts,
    ];

    protected override DbConnection Open() => Source.OpenConnection();

    protected override object Store(DateTimeOffset time) => time.ToUniversalTime();

    protected override DateTimeOffset Read(DbDataReader row, int ordinal) => row.GetFieldValue<DateTimeOffset>(ordinal);

    public void Dispose() => Source.Dispose();
}
