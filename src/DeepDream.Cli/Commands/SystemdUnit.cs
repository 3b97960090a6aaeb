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

    /// <summary>Whether to print the unit; refuses a --store on the command line, which would end up in the unit.</summary>
    public static bool Printing(ParseResult parsed, Option<bool> print, Option<string?> store)
    {
        if (!parsed.GetValue(print)) return false;
        if (parsed.GetResult(store) is { Implicit: false })
            throw new UsageException($"--print-systemd-unit leaves --store out of the unit, which every user can read: put DEEPDREAM_STORE=postgres://… in {EnvironmentFile} instead");
        return true;
    }

    /// <param name="what">The node, for the unit's description: "API node", "worker", …</param>
    /// <param name="needsStore">The node cannot start without DEEPDREAM_STORE, so the environment file must exist.</param>
    public static int Write(ParseResult parsed, Option<bool> print, string what, bool needsStore)
    {
        var arguments = parsed.Tokens.Select(t => t.Value).Where(t => t != print.Name);
        var command = string.Join(' ', Executable().Concat(arguments).Select(Quote));
        // The runtime this node runs on, which the service user finds through DOTNET_ROOT wherever it is installed.
        var runtime = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
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
            .AppendLine($"WorkingDirectory={State}")
            .AppendLine($"Environment=DEEPDREAM_HOME={State}/models")
            .AppendLine($"Environment=\"DOTNET_ROOT={runtime.Replace("%", "%%")}\"")
            // A studio on one machine keeps its jobs in SQLite and may have no file; a node of many cannot start without one.
            .AppendLine($"EnvironmentFile={(needsStore ? "" : "-")}{EnvironmentFile}")
            .AppendLine($"ExecStart={command}")
            .AppendLine("Restart=on-failure")
            .AppendLine("RestartSec=5")
            // SIGTERM hands a running job back at its next step; the host gives it 30 seconds.
            .AppendLine("TimeoutStopSec=45")
            .AppendLine("NoNewPrivileges=yes")
            .AppendLine("ProtectSystem=strict")
            .AppendLine("ProtectHome=read-only")
            .AppendLine("PrivateTmp=yes")
            .AppendLine()
            .AppendLine("[Install]")
            .AppendLine("WantedBy=multi-user.target");
        Console.Out.Write(unit.ToString());
        return 0;
    }

    /// <summary>This program: the tool's own executable, or the .NET host and this assembly when run as `dotnet DeepDream.Cli.dll`.</summary>
    static IEnumerable<string> Executable()
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
            : $"\"{literal.Replace("\\", "\\\\").Replace("\"", "\\\"")}\"";
    }
}
