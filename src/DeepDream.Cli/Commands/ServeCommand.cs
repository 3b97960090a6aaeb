using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using DeepDream.Web;
using DeepDream.Web.Security;
using Microsoft.AspNetCore.Http;

namespace DeepDream.Cli.Commands;

/// <summary>`deepdream serve`: the web studio on this machine, or an API node of a studio spread over many.</summary>
static class ServeCommand
{
    static readonly StudioOptions Defaults = new();

    /// <summary>Where a public studio's --admin-key comes from when it is not given.</summary>
    const string AdminKeyVariable = "DEEPDREAM_ADMIN_KEY";

    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = $"where to listen (default {Defaults.Urls}: this machine only)", DefaultValueFactory = _ => Defaults.Urls };
        var node = new JobNodeOptions(0, "jobs run at once on this machine (default 1: a dream already uses every core; 0 with --store: an API node, workers elsewhere)");
        var uploads = new Option<int>("--uploads-per-minute")
        {
            Description = $"jobs one client may queue a minute: its owner (a browser, an API key) and its address (IPv6: its /64) each get this many (default {Defaults.UploadsPerMinute}; 0: no limit)",
            DefaultValueFactory = _ => Defaults.UploadsPerMinute,
        };
        uploads.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 0) r.AddError("--uploads-per-minute must be 0 or more"); });
        var decode = new Option<int>("--decode-megapixels")
        {
            Description = $"megapixels of uploads decoded at once across all requests, 4 bytes each; more wait their turn, then get a 503 (default {Defaults.DecodeMegapixels}: {Defaults.DecodeMegapixels * 4} MB)",
            DefaultValueFactory = _ => Defaults.DecodeMegapixels,
        };
        decode.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--decode-megapixels must be 1 or more"); });
        var open = new Option<bool>("--public") { Description = "serve visitors beyond this machine: each browser sees only its own jobs (an owner in a signed cookie), scripts use --api-keys" };
        var apiKeys = new Option<string?>("--api-keys") { Description = "with --public: a file of API keys, one a line ('#' comments); a script sends one as X-Api-Key and sees only its own jobs" };
        var adminKey = new Option<string?>("--admin-key") { Description = $"with --public: a key (at least {ApiKeys.MinLength} characters) that, sent as X-Admin-Key, sees and deletes every job (default: ${AdminKeyVariable})" };
        var keyRing = new Option<string?>("--key-ring") { Description = "with --public on one machine: where the keys that sign the studio's cookies are kept (default: the data folder's 'keys'; with --store, the database)" };
        var allowedHosts = CommonOptions.List<string>("--allowed-hosts", "NAME,…",
            "the names the studio answers to besides localhost, 127.0.0.1 and [::1] (*.example.com: its subdomains; default: those only, or with --public any name)",
            "names without a scheme or port, like studio.example.com, *.example.com, 192.0.2.7 or [2001:db8::7]", HostName);
        var knownProxies = CommonOptions.List<IPNetwork>("--known-proxies", "ADDRESS[/BITS],…",
            "with --public behind reverse proxies: their addresses or networks, whose X-Forwarded-For, -Proto and -Host the studio believes (default: none, headers ignored)",
            "addresses or networks, like 10.0.0.7, 10.0.0.0/8 or fd00::/8", Network);
        var command = new Command("serve", "run the web studio: upload, choose a look, watch it dream, download")
        {
            urls, uploads, decode, open, apiKeys, adminKey, keyRing, allowedHosts, knownProxies,
        };
        node.AddTo(command);
        command.SetAction(async (parsed, cancel) =>
        {
            var options = node.Read(parsed) with
            {
                Urls = parsed.GetValue(urls)!, UploadsPerMinute = parsed.GetValue(uploads), DecodeMegapixels = parsed.GetValue(decode),
                Public = parsed.GetValue(open), ApiKeysFile = parsed.GetValue(apiKeys),
                // A service's key comes from its environment file, off the command line and out of the unit.
                AdminKey = parsed.GetValue(adminKey) ?? (parsed.GetValue(open) ? CommonOptions.FromEnvironment(AdminKeyVariable) : null),
                AllowedHosts = parsed.GetValue(allowedHosts)!, KnownProxies = parsed.GetValue(knownProxies)!,
            };
            if (parsed.GetValue(keyRing) is { } folder) options = options with { KeysFolder = folder };
            var printing = node.Printing(parsed, new SystemdUnit.Secret(adminKey, AdminKeyVariable));
            if (options.Workers == 0 && options.Store is null && !printing)
                throw new UsageException("--workers 0 makes an API node, whose jobs workers elsewhere run: give them a shared --store");
            if (!options.Public && (options.ApiKeysFile ?? options.AdminKey ?? parsed.GetValue(keyRing)) is not null)
                throw new UsageException("--api-keys, --admin-key and --key-ring apply to a studio served with --public: add it, or leave them out");
            // A proxy in front of a local studio would let other machines in, which only --public is for.
            if (!options.Public && options.KnownProxies.Count > 0)
                throw new UsageException("--known-proxies applies to a studio served with --public behind a proxy: add --public, or leave it out");
            if (options.Store is not null && parsed.GetValue(keyRing) is not null)
                throw new UsageException("--key-ring is for a studio on one machine: with --store the keys are kept in the database, where every API node finds them");
            if (!options.Public && Reachable(options.Urls) is { } reachable)
                throw new UsageException($"--urls {reachable} lets other machines in, where every visitor would see and delete every other's jobs: add --public");
            if (options.AdminKey is { Length: < ApiKeys.MinLength })
                throw new UsageException($"--admin-key must be at least {ApiKeys.MinLength} characters, as a shorter one could be guessed");
            if (printing) return node.WriteUnit(parsed, options.Workers == 0 ? "API node" : "server", needsStore: options.Workers == 0, [apiKeys, keyRing], [keyRing]);
            var where = options.Store is null ? $"jobs in {Path.GetFullPath(options.DataFolder)}" : $"jobs in the --store database, {options.Workers} worker(s) here";
            return await JobNodeOptions.RunAsync(() => StudioApp.Create(options), app => $"deepdream studio on {string.Join(", ", app.Urls)} ({where}); Ctrl+C stops it", cancel);
        });
        return command;
    }

    /// <summary>A name as a Host header gives it, but for the port: an IPv6 address in brackets; '*' or '*.' before a name for any or its subdomains.</summary>
    static bool HostName(string text, out string name)
    {
        name = text;
        var named = text.StartsWith("*.") ? text[2..] : text;
        return text == "*" || Uri.CheckHostName(named) switch
        {
            UriHostNameType.Dns or UriHostNameType.IPv4 => true,
            UriHostNameType.IPv6 => named.StartsWith('['),
            _ => false,
        };
    }

    /// <summary>A network (10.0.0.0/8), or one address as the network of that address alone.</summary>
    static bool Network(string text, out IPNetwork network)
    {
        if (IPNetwork.TryParse(text, out network)) return true;
        if (!IPAddress.TryParse(text, out var address)) return false;
        network = new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
        return true;
    }

    /// <summary>The first of the addresses that another machine could reach (any but loopback's and a Unix socket); null if none.</summary>
    static string? Reachable(string urls) => urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault(url =>
    {
        BindingAddress address;
        try { address = BindingAddress.Parse(url); }
        catch (FormatException) { throw new UsageException($"--urls '{url}' is not an address to listen on, like http://127.0.0.1:5000"); }
        return !address.IsUnixPipe && !address.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            && !(IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    });
}
