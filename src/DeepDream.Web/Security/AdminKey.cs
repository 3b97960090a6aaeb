using System.Security.Cryptography;
using System.Text;

namespace DeepDream.Web.Security;

/// <summary>The key (X-Admin-Key) that sees and deletes every visitor's jobs.</summary>
public sealed class AdminKey(string key)
{
    readonly byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>The administrator's own jobs are theirs as a key's are.</summary>
    public string Owner { get; } = ApiKeys.OwnerOf(key);

    /// <summary>Compares hashes in constant time: neither the key's length nor how much of it a guess got right shows in the time taken.</summary>
    public bool Matches(string presented) => CryptographicOperations.FixedTimeEquals(hash, SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
}
