namespace DeepDream.Tests.Support;

/// <summary>
/// Seeded damage to a file's bytes, the kinds a disk, a download or an attacker produce: flipped
/// bytes, a truncation, a chunk of the file copied over another place. Half the damage lands in the
/// first kilobyte, where headers and structure are, so parsers rather than pixel data get hit.
/// </summary>
static class Mutations
{
    public static byte[] Apply(byte[] original, int seed)
    {
        var random = new Random(seed);
        int Position(int length) => random.Next(2) == 0 ? random.Next(Math.Min(length, 1024)) : random.Next(length);
        var bytes = (byte[])original.Clone();
        switch (seed % 3)
        {
            case 0:
                for (var i = random.Next(1, 9); i > 0; i--) bytes[Position(bytes.Length)] ^= (byte)random.Next(1, 256);
                return bytes;
            case 1:
                return bytes[..Position(bytes.Length)];
            default:
                var length = random.Next(1, Math.Min(4096, bytes.Length / 2));
                var (from, to) = (Position(bytes.Length - length), Position(bytes.Length - length));
                Array.Copy(original, from, bytes, to, length);
                return bytes;
        }
    }

    /// <summary>Runs a case to its end or fails the test after a minute: damaged input must never hang.</summary>
    public static void Bounded(Action action)
    {
        var task = Task.Run(action);
        if (!task.Wait(TimeSpan.FromMinutes(1))) throw new TimeoutException("the case did not finish within a minute");
    }
}
