using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text;

namespace DeepDream.Cli.Commands;

/// <summary>
/// A node of the studio as a systemd service: the same command and options, run by the dedicated user 'deepdream' with
/// its state in /var/lib/deepdream, the database's address (DEEPDREAM_STORE, with its password) in an environment
/// file that only root reads rather than in a unit every user may read, ready when the node has started (sd_notify),
/// and started again when it fails.
/// </summary>
static class SystemdUnit
{
    public const string EnvironmentFile = "/etc/deepdream/deepdream.env";
    const string State = "/var/lib/deepdream";

    public static Option<bool> Option() => new("--print-systemd-unit")
    {
        Description = $"print a systemd unit that runs this node, with these options, as a service, and exit (the --store address goes in {EnvironmentFile} as DEEPDREAM_STORE=…)",
    };

    /// <summary>
    /// Whether to print the unit. Refuses a secret on the command line (the database's address with its password, the
    /// admin key), which would end up in the unit that every user may read: it belongs in the environment file.
    /// </summary>
    public static bool Printing(ParseResult parsed, Option<bool> print, IEnumerable<Secret> secrets)
    {
        if (!parsed.GetValue(print)) return false;
        foreach (var secret in secrets.Where(s => parsed.GetResult(s.Option) is { Implicit: false }))
            throw new UsageException($"--print-systemd-unit leaves {secret.Option.Name} out of the unit, which every user can read: put {secret.Variable}=… in {EnvironmentFile} instead");
        return true;
    }

    /// <param name="what">The node, for the unit's description: "API node", "worker", …</param>
    /// <param name="needsStore">The node cannot start without the store the environment file names (a node of many, or one
    /// printed where DEEPDREAM_STORE was set), so the file must exist.</param>
    /// <param name="paths">Options that name files or folders: made absolute, as the service starts in its own folder.</param>
    /// <param name="writable">Of those, the folders the node writes, which the unit's read-only system must leave writable.</param>
    public static int Write(ParseResult parsed, Option<bool> print, string what, bool needsStore, IReadOnlyList<Option> paths, IReadOnlyList<Option> writable)
    {
        var own = parsed.GetResult(print)!;
        var words = new List<string>();
        Option? pathOption = null;
        foreach (var token in parsed.Tokens.Where(t => !ReferenceEquals(t, own.IdentifierToken) && !own.Tokens.Any(o => ReferenceEquals(o, t))))
        {
            words.Add(pathOption is not null ? Path.GetFullPath(token.Value) : token.Value);
            pathOption = paths.FirstOrDefault(p => p.Name == token.Value || p.Aliases.Contains(token.Value));
        }
        var executable = Executable();
        var command = string.Join(' ', executable.Concat(words).Select(Quote));
        // The runtime this node runs on, which the service user finds through DOTNET_ROOT.
        var runtime = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        foreach (var installed in executable.Append(runtime)) WarnIfUnderAHome(installed);
        var folders = writable.Select(o => parsed.GetResult(o) is { Implicit: false } given ? given.GetValueOrDefault<string?>() : null)
            .OfType<string>().Select(Path.GetFullPath).Where(f => !f.StartsWith(State + "/") && f != State).ToList();
        var unit = new StringBuilder()
            .AppendLine($"# The deepdream studio's {what}, as printed by `deepdream … --print-systemd-unit`.")
            .AppendLine($"# Install: useradd --system --home-dir {State} --shell /usr/sbin/nologin deepdream; save this as")
            .AppendLine("# /etc/systemd/system/<name>.service; systemctl daemon-reload; systemctl enable --now <name>; logs: journalctl -u <name>.")
            .AppendLine("[Unit]")
            .AppendLine($"Description=deepdream studio {what}")
            .AppendLine("Wants=network-online.target")
            .AppendLine("After=network-online.target postgresql.service")
            .AppendLine()
            .AppendLine("[Service]")
            .AppendLine("Type=notify")
            .AppendLine("User=deepdream")
            .AppendLine("Group=deepdream")
            .AppendLine($"StateDirectory={Path.GetFileName(State)}")
            // Uploads, dreams and the job database are the node's own, not other local users'.
            .AppendLine("StateDirectoryMode=0750")
            .AppendLine("UMask=0027")
            .AppendLine($"WorkingDirectory={State}")
            .AppendLine($"Environment=DEEPDREAM_HOME={State}/models")
            .AppendLine($"Environment=\"DOTNET_ROOT={runtime.Replace("%", "%%")}\"")
            // A studio on one machine keeps its jobs in SQLite and may have no file; a node of many cannot start without one.
            .AppendLine($"EnvironmentFile={(needsStore ? "" : "-")}{EnvironmentFile}")
            .AppendLine($"ExecStart={command}")
            .AppendLine("Restart=on-failure")
            .AppendLine("RestartSec=5")
            // A usage error (exit 2) is the unit's own: starting it again would fail the same way, every 5 s.
            .AppendLine("RestartPreventExitStatus=2")
            // SIGTERM hands a running job back at its next step; the host gives it 30 seconds.
            .AppendLine("TimeoutStopSec=45")
            .AppendLine("NoNewPrivileges=yes")
            .AppendLine("ProtectSystem=strict")
            .AppendLine("ProtectHome=read-only")
            .AppendLine("PrivateTmp=yes");
        foreach (var folder in folders) unit.AppendLine($"ReadWritePaths={Quote(folder)}");
        unit.AppendLine()
            .AppendLine("[Install]")
            .AppendLine("WantedBy=multi-user.target");
        Console.Out.Write(unit.ToString());
        return 0;
    }

    /// <summary>Says so when the unit names what the service user likely cannot read: a runtime or tool under someone's home.</summary>
    static void WarnIfUnderAHome(string path)
    {
        if (new[] { "/root/", "/home/", "/run/user/" }.FirstOrDefault(p => (path + "/").StartsWith(p)) is { } home)
            Console.Error.WriteLine($"deepdream: note: the unit runs {path}, under {home}, which the service user 'deepdream' usually cannot read; "
                + "install .NET system-wide and the tool with --tool-path /opt/deepdream (see the README's 'As a service')");
    }

    /// <summary>This program: the tool's own executable, or the .NET host and this assembly when run as `dotnet DeepDream.Cli.dll`.</summary>
    static IReadOnlyList<string> Executable()
    {
        var process = Environment.ProcessPath ?? throw new DeepDreamException("cannot tell where this program is installed, to name it in the unit");
        return Path.GetFileNameWithoutExtension(process) == "dotnet" ? [process, typeof(SystemdUnit).Assembly.Location] : [process];
    }

    /// <summary>A word of a unit file's command line: specifiers (%) and variables ($) literal, quoted where it has spaces or quotes.</summary>
    static string Quote(string word)
    {
        var literal = word.Replace("%", "%%").Replace("$", "$$");
        return literal.Length > 0 && !literal.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '\\' or ';')
            ? literal
            : $"\"{literal.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n")}\"";
    }

    /// <summary>An option whose value must not be written into a unit, and the environment variable that gives it instead.</summary>
    public sealed record Secret(Option<string?> Option, string Variable);
}
