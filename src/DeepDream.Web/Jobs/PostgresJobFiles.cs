using System.Collections.Concurrent;
using Npgsql;
using NpgsqlTypes;

namespace DeepDream.Web.Jobs;

/// <summary>
/// Job files in PostgreSQL (one bytea row per file), so that the studio's nodes share no disk. A node's job
/// folder is then a working copy: a push sends only the files that changed since this node last pushed or
/// pulled the job (a zoom's newest frame, not all of them again).
/// </summary>
public sealed class PostgresJobFiles(NpgsqlDataSource source, JobFolders folders) : IJobFiles
{
    // Per job, what the shared copy holds as far as this node knows: each file's length and write time.
    readonly ConcurrentDictionary<string, Dictionary<string, (long, DateTime)>> shared = new();

    public void Push(string id)
    {
        var folder = folders.FolderOf(id);
        var now = Snapshot(folder);
        var known = shared.GetValueOrDefault(id) ?? [];
        using var connection = source.OpenConnection();
        using var transaction = connection.BeginTransaction();
        foreach (var (name, stamp) in now.Where(f => known.GetValueOrDefault(f.Key) != f.Value))
        {
            using var upsert = new NpgsqlCommand("""
                INSERT INTO job_files (job_id, name, content) VALUES (@id, @name, @content)
                ON CONFLICT (job_id, name) DO UPDATE SET content = excluded.content
                """, connection, transaction);
            upsert.Parameters.AddWithValue("id", id);
            upsert.Parameters.AddWithValue("name", name);
            upsert.Parameters.AddWithValue("content", NpgsqlDbType.Bytea, File.ReadAllBytes(Path.Combine(folder, name)));
            upsert.ExecuteNonQuery();
        }
        using (var drop = new NpgsqlCommand("DELETE FROM job_files WHERE job_id = @id AND NOT (name = ANY(@names))", connection, transaction))
        {
            drop.Parameters.AddWithValue("id", id);
            drop.Parameters.AddWithValue("names", now.Keys.ToArray());
            drop.ExecuteNonQuery();
        }
        transaction.Commit();
        shared[id] = now;
    }

    public void Pull(string id)
    {
        var folder = folders.FolderOf(id);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        using (var select = source.CreateCommand("SELECT name, content FROM job_files WHERE job_id = @id"))
        {
            select.Parameters.AddWithValue("id", id);
            using var row = select.ExecuteReader();
            while (row.Read())
            {
                var path = Path.Combine(folder, Safe(row.GetString(0)));
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllBytes(path, row.GetFieldValue<byte[]>(1));
            }
        }
        shared[id] = Snapshot(folder);
    }

    public Stream? Open(string id, string name)
    {
        using var select = source.CreateCommand("SELECT content FROM job_files WHERE job_id = @id AND name = @name");
        select.Parameters.AddWithValue("id", id);
        select.Parameters.AddWithValue("name", name);
        return select.ExecuteScalar() is byte[] content ? new MemoryStream(content, writable: false) : null;
    }

    public void Unload(string id)
    {
        shared.TryRemove(id, out _);
        folders.Delete(id);
    }

    public void Delete(string id)
    {
        try
        {
            using var delete = source.CreateCommand("DELETE FROM job_files WHERE job_id = @id");
            delete.Parameters.AddWithValue("id", id);
            delete.ExecuteNonQuery();
        }
        finally { Unload(id); }
    }

    /// <summary>Every file under the folder by its name relative to it ('/'-separated, as stored), with its length and write time.</summary>
    static Dictionary<string, (long, DateTime)> Snapshot(string folder) =>
        !Directory.Exists(folder) ? [] : new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f.FullName).Replace(Path.DirectorySeparatorChar, '/'), f => (f.Length, f.LastWriteTimeUtc));

    /// <summary>A stored name as a path under the job's folder: never one that climbs out of it.</summary>
    static string Safe(string name) =>
        name.Split('/') is var parts && parts.All(p => p.Length > 0 && p != "." && p != "..") ? Path.Combine(parts)
            : throw new InvalidDataException($"a stored job file has the name '{name}', which is not a path inside the job's folder");
}
