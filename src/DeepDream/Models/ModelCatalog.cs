namespace DeepDream.Models;

/// <summary>Resolves a model argument: a catalog name or a path to a file.</summary>
public static class ModelCatalog
{
    public const string DefaultModel = ResNet18.Name;

    static readonly Lazy<DreamModel> Embedded = new(ResNet18.Load, LazyThreadSafetyMode.PublicationOnly);

    // Not caching failures: a model installed later in the same process (the web studio) must be found.
    static readonly Lazy<DreamModel> Inception = new(Inception5h.Load, LazyThreadSafetyMode.PublicationOnly);

    static readonly Dictionary<string, Lazy<DreamModel>> Caffe = CaffeNetworks.All.ToDictionary(n => n.Name,
        n => new Lazy<DreamModel>(() => LoadInstalled(n), LazyThreadSafetyMode.PublicationOnly));

    public static IReadOnlyList<string> Names => [ResNet18.Name, Inception5h.Name, .. CaffeNetworks.All.Select(n => n.Name)];

    public static DreamModel Load(string? nameOrPath)
    {
        nameOrPath ??= DefaultModel;
        if (nameOrPath == ResNet18.Name) return Embedded.Value;
        if (nameOrPath == Inception5h.Name) return Inception.Value;
        if (Caffe.TryGetValue(nameOrPath, out var caffe)) return caffe.Value;
        if (File.Exists(nameOrPath))
            return Path.GetExtension(nameOrPath).ToLowerInvariant() switch
            {
                ".pb" => TensorFlowModel.Load(nameOrPath),
                ".caffemodel" => CaffeModel.Load(nameOrPath),
                _ => OnnxFileModel.Load(nameOrPath),
            };
        if (nameOrPath.Contains('/') || nameOrPath.Contains('.'))
            throw new DeepDreamException($"model file '{nameOrPath}' does not exist; check the path");
        throw new DeepDreamException($"unknown model '{nameOrPath}'; use one of {string.Join(", ", Names)} or a path to an .onnx, TensorFlow .pb or Caffe .caffemodel file");
    }

    static DreamModel LoadInstalled(CaffeNetwork network) => File.Exists(network.InstalledPath)
        ? CaffeModel.Load(network.InstalledPath, network.Name)
        : throw new DeepDreamException($"model '{network.Name}' is not installed; run 'deepdream models pull {network.Name}', or download {network.Url} on a connected machine and run 'deepdream models pull {network.Name} --from FILE'");
}
