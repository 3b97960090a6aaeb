using System.Security.Cryptography;
using DeepDream.Web.Jobs;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;

namespace DeepDream.Web.Security;

/// <summary>The keys a public studio signs and encrypts its cookies and tokens with (ASP.NET Core Data Protection).</summary>
static class KeyRing
{
    public static void AddTo(IServiceCollection services, StudioOptions options)
    {
        var protection = services.AddDataProtection().SetApplicationName("deepdream-studio");
        if (options.Store is not null)
        {
            // A studio on many machines keeps them in its database, beside everything else the nodes share.
            services.AddOptions<KeyManagementOptions>().Configure<IJobStore>((keys, store) => keys.XmlRepository = new PostgresKeyRing(((PostgresJobStore)store).Source));
            return;
        }
        // Whoever reads these keys can pass for any visitor: only the studio's user may open the folder.
        var folder = OperatingSystem.IsWindows() ? Directory.CreateDirectory(options.KeysFolder)
            : Directory.CreateDirectory(options.KeysFolder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // Kept in a folder, not in memory, so a restart keeps every browser's gallery. The application name is fixed, as it
        // would otherwise be the install path, and a key ring moved to another install would not be read.
        protection.PersistKeysToFileSystem(folder);
    }

    /// <summary>What the key ring protected, or null for a value it did not make (altered, or from another key ring).</summary>
    public static string? TryUnprotect(this IDataProtector protector, string? value)
    {
        if (value is null) return null;
        try { return protector.Unprotect(value); }
        catch (Exception e) when (e is CryptographicException or FormatException) { return null; }
    }
}
