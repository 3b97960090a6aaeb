using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace DeepDream.Web.Jobs;

/// <summary>
/// Jobs in an embedded SQLite database in the data folder: the studio on one machine, nothing to install.
/// Survives restarts: a job that was running when the server stopped is queued again.
/// </summary>
public sealed class SqliteJobStore : SqlJobStore
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

    // One writer at a time is SQLite's own rule, so the claim is a plain atomic UPDATE.
    protected override string ClaimStatement => """
        UPDATE jobs SET status = 'Running'
        WHERE seq = (SELECT seq FROM jobs WHERE status = 'Queued' ORDER BY seq LIMIT 1) RETURNING *
        """;

    protected override DbConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }

    protected override object Store(DateTimeOffset time) => time.ToString("O");

    protected override DateTimeOffset Read(DbDataReader row, int ordinal) => DateTimeOffset.Parse(row.GetString(ordinal), CultureInfo.InvariantCulture);
}
