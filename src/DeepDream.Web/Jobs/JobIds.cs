using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace DeepDream.Web.Jobs;

/// <summary>Job ids: random, and checked before they name anything on disk.</summary>
public static partial class JobIds
{
    /// <summary>128 random bits: job ids cannot be guessed.</summary>
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Only ids of our own form reach the file system.</summary>
    public static bool IsValid(string id) => Pattern().IsMatch(id);

    [GeneratedRegex(@"\A[0-9a-f]{32}\z")]
    private static partial Regex Pattern();
}
