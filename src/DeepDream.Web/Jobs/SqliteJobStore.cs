using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace DeepDream.Web.Jobs;

/// <summary>
/// Jobs in an embedded SQLite database in the data folder: the studio on one machine, nothing to install.
/// Survives restarts: a job that was running when the server stopped is queued again, unless it has taken the server down
/// with it the limit of times (<see cref="StudioOptions.MaxCrashes"/>).
/// </summary>
public sealed class SqliteJobStore : SqlJobStore
{
    readonly string connectionString;

    public SqliteJobStore(string dataFolder, int maxCrashes) : base(maxCrashes)
    {
        Directory.CreateDirectory(dataFolder);
        connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(Path.GetFullPath(dataFolder), "jobs.db"), Pooling = false }.ToString();
        // Write-ahead logging: the event streams' reads never block the workers' writes.
        Execute("PRAGMA journal_mode = WAL");
        Migrate();
        // One process runs this studio's jobs, and a stopping one hands them back: what it was running, it died with.
        Recover("true");
    }

    protected override string Now => "((julianday('now') - 2440587.5) * 86400.0)";

    // One writer at a time is SQLite's own rule: a claim's UPDATE is atomic as it is.
    protected override string SkipLocked => "";

    protected override string BeginMigration => "BEGIN IMMEDIATE";

    protected override IReadOnlyList<string> Migrations { get; } =
    [
        """
        CREATE TABLE IF NOT EXISTS jobs (
          seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, status TEXT NOT NULL,
          options TEXT NOT NULL, created TEXT NOT NULL, error TEXT, result TEXT)
        """,
        LeasesAndOwners,
        CrashCounts,
    ];

    protected override DbConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }

    protected override object Store(DateTimeOffset time) => time.ToString("O");

    protected override DateTimeOffset Read(DbDataReader row, int ordinal) => DateTimeOffset.Parse(row.GetString(ordinal), CultureInfo.InvariantCulture);
}
