using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace DeepDream.Web.Security;

/// <summary>The keys a public studio signs and encrypts its cookies and tokens with (ASP.NET Core Data Protection).</summary>
static class KeyRing
{
    public static void AddTo(IServiceCollection services, StudioOptions options)
    {
        // Whoever reads these keys can pass for any visitor: only the studio's user may open the folder.
        var folder = OperatingSystem.IsWindows() ? Directory.CreateDirectory(options.KeysFolder)
            : Directory.CreateDirectory(options.KeysFolder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        services.AddDataProtection()
            // Kept in a folder, not in memory, so a restart keeps every browser's gallery. Several API nodes of one studio must
            // read each other's cookies and tokens: they need the same key ring (one shared folder, --key-ring) and the same
            // application name, which would otherwise be each machine's install path.
            .PersistKeysToFileSystem(folder)
            .SetApplicationName("deepdream-studio");
    }

    /// <summary>What the key ring protected, or null for a value it did not make (altered, or from another key ring).</summary>
    public static string? TryUnprotect(this IDataProtector protector, string? value)
    {
        if (value is null) return null;
        try { return protector.Unprotect(value); }
        catch (Exception e) when (e is CryptographicException or FormatException) { return null; }
    }
}
