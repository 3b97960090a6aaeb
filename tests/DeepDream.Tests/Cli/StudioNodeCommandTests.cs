using DeepDream.Tests.Support;
using DeepDream.Web.Jobs;
using Npgsql;
using Xunit;

namespace DeepDream.Tests.Cli;

/// <summary>`serve` and `worker` as an operator types them: where the shared database is, and what is refused.</summary>
public class StudioNodeCommandTests
{
    [Theory]
    [InlineData(new[] { "worker" }, "a worker takes its jobs from a shared database: give --store")]
    [InlineData(new[] { "serve", "--workers", "0" }, "--workers 0 makes an API node, whose jobs workers elsewhere run: give them a shared --store")]
    [InlineData(new[] { "worker", "--store", "postgres://x@db/jobs", "--lease", "0.5" }, "--lease must be between 1 and 3600 seconds")]
    [InlineData(new[] { "worker", "--store", "postgres://x@db/jobs", "--max-crashes", "0" }, "--max-crashes must be between 1 and 100")]
    [InlineData(new[] { "serve", "--max-crashes", "101" }, "--max-crashes must be between 1 and 100")]
    [InlineData(new[] { "serve", "--decode-megapixels", "0" }, "--decode-megapixels must be 1 or more")]
    [InlineData(new[] { "worker", "--store", "postgres://x:secret@db/jobs", "--print-systemd-unit" }, "--print-systemd-unit leaves --store out of the unit, which every user can read: put DEEPDREAM_STORE=… in /etc/deepdream/deepdream.env instead")]
    [InlineData(new[] { "serve", "--public", "--admin-key", "0123456789abcdef0123456789abcdef", "--print-systemd-unit" }, "--print-systemd-unit leaves --admin-key out of the unit, which every user can read: put DEEPDREAM_ADMIN_KEY=… in /etc/deepdream/deepdream.env instead")]
    public void NodesWithoutWhatTheyNeedAreUsageErrors(string[] args, string expected)
    {
        var result = CliRunner.Run(args);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("worker")]
    public void HelpNamesHowOftenAJobMayKillItsWorker(string node)
    {
        var help = CliRunner.Run(node, "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Matches(@"--max-crashes <max-crashes>\s+times a job's worker may die while running it .* \(default 3\)", help.Stdout);
    }

    [Theory]
    [InlineData(new[] { "serve", "--allowed-hosts", "studio.lan,http://studio.lan" }, "--allowed-hosts takes names without a scheme or port, like studio.example.com, *.example.com, 192.0.2.7 or [2001:db8::7]; 'http://studio.lan' is not one")]
    [InlineData(new[] { "serve", "--allowed-hosts", "studio.lan:8080" }, "'studio.lan:8080' is not one")]
    [InlineData(new[] { "serve", "--allowed-hosts", "2001:db8::7" }, "'2001:db8::7' is not one")]
    [InlineData(new[] { "serve", "--public", "--known-proxies", "10.0.0.0/33" }, "--known-proxies takes addresses or networks, like 10.0.0.7, 10.0.0.0/8 or fd00::/8; '10.0.0.0/33' is not one")]
    [InlineData(new[] { "serve", "--public", "--known-proxies", "10.0.0.7", "--known-proxies", "proxy.lan" }, "'proxy.lan' is not one")]
    [InlineData(new[] { "serve", "--known-proxies", "10.0.0.7" }, "--known-proxies applies to a studio served with --public behind a proxy: add --public, or leave it out")]
    // Read without a complaint: the next check, on --workers, is the one that speaks.
    [InlineData(new[] { "serve", "--public", "--workers", "0", "--known-proxies", "10.0.0.7,192.168.0.0/16", "--known-proxies", "::1", "--allowed-hosts", "a.example,*.b.example,[2001:db8::7],192.0.2.7" },
        "--workers 0 makes an API node")]
    public void HostsAndProxiesAreReadOrAreUsageErrors(string[] args, string expected) => NodesWithoutWhatTheyNeedAreUsageErrors(args, expected);

    [Fact]
    public void ServeHelpNamesTheHostAndProxyOptions()
    {
        var help = CliRunner.Run("serve", "--help");
        Assert.Equal(0, help.ExitCode);
        foreach (var option in new[] { "--allowed-hosts <NAME,…>", "--known-proxies <ADDRESS[/BITS],…>", "its owner (a browser, an API key) and its address" })
            Assert.Contains(option, help.Stdout);
    }

    [Fact]
    public void ServeHelpShowsTheDecodeBudgetAndItsDefault()
    {
        var help = CliRunner.Run("serve", "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("--decode-megapixels", help.Stdout);
        Assert.Contains($"(default {new DeepDream.Web.StudioOptions().DecodeMegapixels}: ", help.Stdout);
    }

    [Fact]
    public void ADatabaseThatDoesNotAnswerIsOneLineAndExitCode1()
    {
        var socket = Directory.CreateTempSubdirectory("no-postgres").FullName;
        var result = CliRunner.Run("worker", "--store", $"Host={socket};Username=deepdream;Database=jobs;Timeout=3", "--data", Path.Combine(socket, "work"));
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("deepdream: the job database cannot be reached (", result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void AddressesAreReadAsUrlsOrConnectionStrings()
    {
        var url = new NpgsqlConnectionStringBuilder(PostgresAddress.ConnectionString("postgres://dream:s%40cret@db.internal:6432/dreams?sslmode=require"));
        Assert.Equal(("db.internal", 6432, "dreams", "dream", "s@cret", SslMode.Require), (url.Host, url.Port, url.Database, url.Username, url.Password, url.SslMode));
        Assert.Equal(5432, new NpgsqlConnectionStringBuilder(PostgresAddress.ConnectionString("postgresql://db/dreams")).Port);
        Assert.Equal("dreams", new NpgsqlConnectionStringBuilder(PostgresAddress.ConnectionString("Host=db;Database=dreams")).Database);

        var noDatabase = Assert.Throws<DeepDreamException>(() => PostgresAddress.ConnectionString("postgres://dream:secret@db"));
        Assert.Contains("write it like postgres://user:password@host:5432/database", noDatabase.Message);
        Assert.DoesNotContain("secret", noDatabase.Message);
        var badSetting = Assert.Throws<DeepDreamException>(() => PostgresAddress.ConnectionString("postgres://db/dreams?colour=blue"));
        Assert.Contains("'colour' is not a PostgreSQL connection setting", badSetting.Message);
        var garbage = Assert.Throws<DeepDreamException>(() => PostgresAddress.ConnectionString("Host=db;Password=hunter2;Nonsense"));
        Assert.DoesNotContain("hunter2", garbage.Message);
    }

    [Fact]
    public void TheStoreComesFromTheEnvironmentOffTheCommandLine()
    {
        var result = CliRunner.RunWith(new Dictionary<string, string> { ["DEEPDREAM_STORE"] = $"postgres://x:secret@127.0.0.1:{Ports.Free()}/jobs" }, "worker");
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("deepdream: the job database cannot be reached (", result.Stderr);
        Assert.DoesNotContain("secret", result.Stderr);
    }

    [Fact]
    public void PrintedUnitsRunTheSameNodeAsAServiceAndSystemdAcceptsThem()
    {
        var unit = CliRunner.Run("serve", "--data", "/srv/my dreams/100%", "--print-systemd-unit");
        Assert.Equal(0, unit.ExitCode);
        // The words as systemd reads them: quoted where they have spaces, % doubled (a specifier otherwise).
        Assert.Matches(@"\nExecStart=\S+dotnet \S+DeepDream\.Cli\.dll serve --data ""/srv/my dreams/100%%""\n", unit.Stdout);
        // Outside the state folder the read-only system leaves it writable.
        Assert.Contains("\nReadWritePaths=\"/srv/my dreams/100%%\"\n", unit.Stdout);
        Assert.Contains("\nUser=deepdream\n", unit.Stdout);
        Assert.Contains("\nRestart=on-failure\n", unit.Stdout);
        Assert.Contains("\nRestartPreventExitStatus=2\n", unit.Stdout);

        // The service starts in its own folder: a relative path is made absolute where the unit was printed.
        var relative = CliRunner.Run("serve", "--public", "--key-ring", "keys", "--print-systemd-unit=true");
        Assert.Contains($" serve --public --key-ring {Path.GetFullPath("keys")}\n", relative.Stdout);
        // One machine's studio may run without the environment file; a worker needs the database it names.
        Assert.Contains("\nEnvironmentFile=-/etc/deepdream/deepdream.env\n", unit.Stdout);
        var worker = CliRunner.Run("worker", "--workers", "2", "--print-systemd-unit");
        Assert.Contains("\nEnvironmentFile=/etc/deepdream/deepdream.env\n", worker.Stdout);
        Assert.Contains("\nType=notify\n", worker.Stdout);

        var folder = Directory.CreateTempSubdirectory("deepdream-units-").FullName;
        try
        {
            var files = new[] { Path.Combine(folder, "deepdream.service"), Path.Combine(folder, "deepdream-worker.service") };
            File.WriteAllText(files[0], unit.Stdout);
            File.WriteAllText(files[1], worker.Stdout);
            using var verify = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("systemd-analyze", ["verify", .. files])
            {
                WorkingDirectory = folder, RedirectStandardError = true, RedirectStandardOutput = true,
            })!;
            var complaints = verify.StandardError.ReadToEnd() + verify.StandardOutput.ReadToEnd();
            verify.WaitForExit();
            Assert.True(verify.ExitCode == 0, complaints);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
