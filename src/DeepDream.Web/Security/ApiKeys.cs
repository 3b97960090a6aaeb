using System.Security.Cryptography;
using System.Text;

namespace DeepDream.Web.Security;

/// <summary>
/// The keys scripts send as X-Api-Key, one owner each. Only their hashes are kept: a key's owner id is its hash,
/// so the job store never holds a key, and a key is looked up by its hash, never compared character by character.
/// </summary>
public sealed class ApiKeys
{
    /// <summary>Shorter keys could be guessed by trying them.</summary>
    public const int MinLength = 16;

    readonly HashSet<string> owners;

    ApiKeys(IEnumerable<string> keys) => owners = keys.Select(OwnerOf).ToHashSet();

    public static readonly ApiKeys None = new([]);

    /// <summary>A keys file: one key a line; blank lines and lines starting with '#' are skipped.</summary>
    public static ApiKeys Read(string path)
    {
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DeepDreamException($"the API keys file '{path}' cannot be read ({e.Message.TrimEnd('.')}); check --api-keys");
        }
        var keys = lines.Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        if (keys.FirstOrDefault(k => k.Length < MinLength) is { } shorter)
            throw new DeepDreamException($"a key in '{path}' has {shorter.Length} characters; give every key at least {MinLength} random ones, as it could be guessed");
        return new(keys);
    }

    /// <summary>The key's owner id, or null if it is not one of these keys.</summary>
    public string? Find(string key) => OwnerOf(key) is var owner && owners.Contains(owner) ? owner : null;

    public static string OwnerOf(string key) => "key-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
