using System.Security.Cryptography;

namespace DeepDream.Models;

/// <summary>
/// Installs one of <see cref="CaffeNetworks"/>: from its official address or a copy the user brings (--from), checked
/// by the digest its model-zoo page publishes, or, where none is published, by its structure against the network's.
/// Nothing is installed until the file passed its check.
/// </summary>
public static class CaffePull
{
    /// <summary>The installed path and the SHA-256 of what was installed.</summary>
    public static async Task<(string Path, string Sha256)> PullAsync(CaffeNetwork network, string? source, CancellationToken cancel = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(network.InstalledPath)!);
        var staging = network.InstalledPath + ".partial";
        try
        {
            await ModelDownload.FetchAsync(source ?? network.Url, staging,
                $"on a connected machine download it, then run 'deepdream models pull {network.Name} --from {network.FileName}', "
                + $"or put it in {Path.GetDirectoryName(network.InstalledPath)}", cancel);
            if (network.Sha1 is { } expected)
            {
                var sha1 = await Digest(SHA1.Create(), staging, cancel);
                if (sha1 != expected)
                    throw new DeepDreamException($"'{source ?? network.Url}' is not the official {network.FileName} (SHA-1 {sha1[..12]}…, expected {expected[..12]}…); refusing it");
            }
            else
            {
                // No digest is published: the file must be this network, by its layers and its classifier.
                if (CaffeNetworks.Recognize(Blobs(staging)) != network)
                    throw new DeepDreamException($"'{source ?? network.Url}' is not {network.Name}: its layers or its {network.Classes} classes do not match; refusing it");
            }
            var sha256 = await Digest(SHA256.Create(), staging, cancel);
            File.Move(staging, network.InstalledPath, overwrite: true);
            return (network.InstalledPath, sha256);
        }
        finally
        {
            File.Delete(staging);
        }
    }

    static IReadOnlyList<Importers.Caffe.CaffeBlob> Blobs(string path)
    {
        var net = CaffeModel.ReadWeights(path);
        return Importers.Caffe.CaffeImporter.Import(net, net).Blobs;
    }

    static async Task<string> Digest(HashAlgorithm algorithm, string path, CancellationToken cancel)
    {
        using (algorithm)
        await using (var file = File.OpenRead(path))
            return Convert.ToHexStringLower(await algorithm.ComputeHashAsync(file, cancel));
    }
}
