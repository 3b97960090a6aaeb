using System.Data.Common;

namespace DeepDream.Web.Jobs;

/// <summary>A job from a row of the jobs table, whichever database holds it.</summary>
static class JobRows
{
    /// <param name="created">Reads the creation time at an ordinal (SQLite keeps it as text, PostgreSQL as timestamptz).</param>
    public static List<Job> ReadAll(DbDataReader reader, Func<DbDataReader, int, DateTimeOffset> created)
    {
        var jobs = new List<Job>();
        string? Text(string column) => reader.IsDBNull(reader.GetOrdinal(column)) ? null : reader.GetString(reader.GetOrdinal(column));
        while (reader.Read())
            jobs.Add(new Job(Text("id")!, Enum.Parse<JobKind>(Text("kind")!), Enum.Parse<JobStatus>(Text("status")!), Text("options")!,
                created(reader, reader.GetOrdinal("created")), Text("error"), Text("result")));
        return jobs;
    }
}
