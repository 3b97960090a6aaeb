using System.Diagnostics;
using Npgsql;

namespace DeepDream.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL cluster for the tests: Debian's server binaries, a private folder under /tmp
/// for its data and its socket, listening on a free loopback port (as a studio reaches its database, by
/// TCP), its superuser's password random and checked (scram-sha-256), so no other user of the machine
/// gets in. PostgreSQL refuses to run as root, so under root (as CI runs) every server command runs as
/// the 'postgres' user that Debian's package creates.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    const string User = "deepdream";
    readonly string folder;
    readonly string bin;
    readonly string password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
    int port;

    public PostgresServer()
    {
        bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).Order().LastOrDefault() ?? ""
            : "";
        if (bin.Length == 0) throw new InvalidOperationException("PostgreSQL's server is not installed: ./test.sh installs Debian's postgresql");
        folder = Directory.CreateTempSubdirectory("deepdream-pg").FullName;
        try
        {
            if (Environment.UserName == "root") Run("chown", "postgres:postgres", folder);
            var data = Path.Combine(folder, "data");
            var secret = Path.Combine(folder, "password");
            File.WriteAllText(secret, password);
            if (Environment.UserName == "root") Run("chown", "postgres:postgres", secret);
            Server("initdb", "-D", data, "-U", User, "-A", "scram-sha-256", $"--pwfile={secret}", "-E", "UTF8", "--no-sync");
            File.Delete(secret);
            // A free port can be taken between finding it and binding it: try another.
            for (var attempt = 1; ; attempt++)
            {
                port = Ports.Free();
                try
                {
                    Start();
                    break;
                }
                catch (InvalidOperationException) when (attempt < 3) { }
            }
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    /// <summary>Starts the server (again, after <see cref="Stop"/>).</summary>
    public void Start() => Server("pg_ctl", "-D", Path.Combine(folder, "data"), "-l", Path.Combine(folder, "log"), "-w", "-o",
        $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", "start");

    /// <summary>Stops the server as an outage would: connections cut, nothing waited for.</summary>
    public void Stop() => Server("pg_ctl", "-D", Path.Combine(folder, "data"), "-m", "immediate", "-w", "stop");

    /// <summary>Makes an empty database and returns a connection string to it.</summary>
    public string NewDatabase()
    {
        var name = "t" + Guid.NewGuid().ToString("N");
        // Unpooled: a pooled connection would not have survived a Stop and Start.
        using (var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false"))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            create.ExecuteNonQuery();
        }
        return ConnectionString(name);
    }

    string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = User, Password = password, Database = database, Pooling = true }.ToString();

    public void Dispose()
    {
        try { Stop(); }
        finally { Directory.Delete(folder, recursive: true); }
    }

    /// <summary>A server binary, as the 'postgres' user when we are root.</summary>
    void Server(string program, params string[] arguments)
    {
        var path = Path.Combine(bin, program);
        if (Environment.UserName == "root") Run("runuser", ["-u", "postgres", "--", path, .. arguments]);
        else Run(path, arguments);
    }

    static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed: {error.Result.Trim()}");
    }
}
