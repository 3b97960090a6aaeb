using System.IO.Compression;
using System.Security.Cryptography;
using DeepDream.Importers.TensorFlow;
using DeepDream.Importers.TensorFlow.Proto;

namespace DeepDream.Models;

/// <summary>
/// Google's Inception graph of the "DeepDreaming with TensorFlow" notebook: where it comes from,
/// how to recognize the genuine file, and how to install it.
/// </summary>
public static class Inception5h
{
    /// <summary>The catalog name, also the folder the graph is installed in under <see cref="ModelStore.Folder"/>.</summary>
    public const string Name = "inception5h";
    /// <summary>The frozen graph's file name, in the archive and once installed.</summary>
    public const string GraphFile = "tensorflow_inception_graph.pb";
    /// <summary>The official archive, the one the notebook downloads.</summary>
    public const string Url = "https://storage.googleapis.com/download.tensorflow.org/models/inception5h.zip";

    /// <summary>The archive's SHA-256, as pinned by TensorFlow's own build (its WORKSPACE file).</summary>
    public const string ArchiveSha256 = "d13569f6a98159de37e92e9c8ec4dae8f674fbf475f69fe6199b514f756d4364";

    const int ConvolutionCount = 59;
    const long ChannelCount = 7548;

    static readonly string[] ExpectedLayers =
        ["conv2d0_pre_relu", "conv2d1_pre_relu", "conv2d2_pre_relu", "mixed3a", "mixed3b", "mixed4a", "mixed4b", "mixed4c", "mixed4d", "mixed4e",
         "mixed5a", "mixed5b", "mixed4d_3x3_bottleneck_pre_relu", "head0_bottleneck_pre_relu", "head1_bottleneck_pre_relu"];

    /// <summary>Where <see cref="PullAsync"/> installs the graph and <see cref="Load"/> reads it.</summary>
    public static string InstalledPath => Path.Combine(ModelStore.Folder, Name, GraphFile);

    /// <summary>Loads the installed graph after checking that it is Google's.</summary>
    /// <exception cref="DeepDreamException">It is not installed (the message says how to install it), or the file is not the genuine graph.</exception>
    public static DreamModel Load()
    {
        if (!File.Exists(InstalledPath))
            throw new DeepDreamException($"model '{Name}' is not installed; run 'deepdream models pull {Name}', or download {Url} on a connected machine, unzip it and put {GraphFile} at {InstalledPath}");
        var graph = GraphDefFile.Read(InstalledPath);
        Verify(graph, InstalledPath);
        return TensorFlowModel.FromGraph(graph, Name);
    }

    /// <summary>The structural check: 59 convolutions with 7548 channels, under the notebook's names.</summary>
    internal static void Verify(GraphDef graph, string source)
    {
        var convolutions = graph.Node.Where(n => n.Op == "Conv2D").ToList();
        var channels = convolutions.Sum(c => FilterChannels(graph, c));
        var names = graph.Node.Select(n => n.Name).ToHashSet();
        var missing = ExpectedLayers.Where(l => !names.Contains(l)).ToList();
        if (convolutions.Count != ConvolutionCount || channels != ChannelCount || missing.Count > 0)
            throw new DeepDreamException($"'{source}' is not Google's inception5h graph ({convolutions.Count} convolutions with {channels} channels"
                + (missing.Count > 0 ? $", missing {string.Join(", ", missing.Take(3))}" : "") + $"; expected {ConvolutionCount} with {ChannelCount})");
    }

    /// <summary>Downloads (or takes a local copy of) the official archive, checks it, and installs the graph.</summary>
    /// <param name="source">null for the official address; else a path or URL of a copy of inception5h.zip.</param>
    public static async Task<string> PullAsync(string? source, CancellationToken cancel = default)
    {
        var archive = Path.Combine(Path.GetTempPath(), $"inception5h-{Guid.NewGuid():N}.zip");
        try
        {
            await ModelDownload.FetchAsync(source ?? Url, archive,
                $"on a connected machine download it, then run 'deepdream models pull {Name} --from inception5h.zip' or put {GraphFile} at {InstalledPath}", cancel);
            var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(File.OpenRead(archive), cancel));
            if (hash != ArchiveSha256)
                throw new DeepDreamException($"the archive from {source ?? Url} is not the official inception5h.zip (SHA-256 {hash[..12]}…, expected {ArchiveSha256[..12]}…); refusing it");
            Directory.CreateDirectory(Path.GetDirectoryName(InstalledPath)!);
            var staging = InstalledPath + ".partial";
            using (var zip = ZipFile.OpenRead(archive))
            {
                var entry = zip.Entries.FirstOrDefault(e => e.Name == GraphFile)
                    ?? throw new DeepDreamException($"the archive holds no {GraphFile}");
                entry.ExtractToFile(staging, overwrite: true);
                foreach (var extra in zip.Entries.Where(e => e.Name is "imagenet_comp_graph_label_strings.txt" or "LICENSE"))
                    extra.ExtractToFile(Path.Combine(Path.GetDirectoryName(InstalledPath)!, extra.Name), overwrite: true);
            }
            Verify(GraphDefFile.Read(staging), staging);
            File.Move(staging, InstalledPath, overwrite: true);
            return InstalledPath;
        }
        finally
        {
            File.Delete(archive);
        }
    }

    static long FilterChannels(GraphDef graph, NodeDef conv)
    {
        var filter = graph.Node.FirstOrDefault(n => n.Name == conv.Input[1].Split(':')[0]);
        return filter?.Attr.TryGetValue("value", out var v) == true && v.Tensor.TensorShape?.Dim.Count == 4 ? v.Tensor.TensorShape.Dim[3].Size : 0;
    }
}
