using System.Text.RegularExpressions;
using Npgsql;

namespace DeepDream.Web.Jobs;

/// <summary>
/// Where a studio keeps its jobs, their files, their live progress and the rendered sheets: all on this machine
/// (SQLite, the job folders, memory, a folder), or all in one PostgreSQL database that every node shares, so that
/// nodes share no disk.
/// </summary>
public sealed record JobStorage(IJobStore Store, IJobFiles Files, IProgressBoard Board, ISheetCache Sheets) : IDisposable
{
    public static JobStorage Open(StudioOptions options, JobFolders folders)
    {
        if (options.Store is null)
            return new(new SqliteJobStore(options.DataFolder, options.MaxCrashes), new LocalJobFiles(folders), new LocalProgressBoard(), new FolderSheetCache(options.DataFolder));
        var store = new PostgresJobStore(PostgresAddress.ConnectionString(options.Store), options.MaxCrashes);
        return new(store, new PostgresJobFiles(store.Source, folders), new PostgresProgressBoard(store.Source), new PostgresSheetCache(store.Source));
    }

    public void Dispose() => (Store as IDisposable)?.Dispose();

    /// <summary>What every node says when the database does not answer: why, in one line, then what to do.</summary>
    public static string Unreachable(System.Data.Common.DbException e, string advice) =>
        $"the job database cannot be reached ({e.Message.Split('\n')[0].Trim().TrimEnd('.')}); {advice}";
}

/// <summary>A PostgreSQL address as users write it: a URL (postgres://user:password@host:port/database?sslmode=require) or Npgsql's key=value string.</summary>
public static class PostgresAddress
{
    public static string ConnectionString(string address)
    {
        if (!address.StartsWith("postgres://") && !address.StartsWith("postgresql://"))
        {
            try { return new NpgsqlConnectionStringBuilder(address).ConnectionString; }
            catch (ArgumentException e) { throw new DeepDreamException($"--store '{Redacted(address)}' is neither a postgres:// address nor a connection string ({e.Message})"); }
        }
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Host.Length == 0 || uri.AbsolutePath.Trim('/').Length == 0)
            throw new DeepDreamException($"--store '{Redacted(address)}' is not a database address; write it like postgres://user:password@host:5432/database");
        var user = uri.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host, Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port, Database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/')),
        };
        if (user[0].Length > 0) builder.Username = Uri.UnescapeDataString(user[0]);
        if (user.Length > 1) builder.Password = Uri.UnescapeDataString(user[1]);
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = pair.Split('=', 2) is [var k, var v] ? (k, v) : (pair, "");
            try { builder[Uri.UnescapeDataString(key)] = Uri.UnescapeDataString(value); }
            catch (ArgumentException) { throw new DeepDreamException($"--store: '{Uri.UnescapeDataString(key)}' is not a PostgreSQL connection setting"); }
        }
        return builder.ConnectionString;
    }

    /// <summary>The address as messages may show it: without its password.</summary>
    static string Redacted(string address) =>
        Regex.Replace(Regex.Replace(address, "(://[^:/@]*:)[^@]*@", "$1***@"), "(?i)(password=)[^;]*", "$1***");
}
