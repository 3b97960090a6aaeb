namespace DeepDream.Models;

/// <summary>Resolves a model argument: a catalog name or a path to a file.</summary>
public static class ModelCatalog
{
    /// <summary>resnet18, whose weights come with the library: it needs no download.</summary>
    public const string DefaultModel = ResNet18.Name;

    static readonly Lazy<DreamModel> Embedded = new(ResNet18.Load, LazyThreadSafetyMode.PublicationOnly);

    // Not caching failures: a model installed later in the same process (the web studio) must be found.
    static readonly Lazy<DreamModel> Inception = new(Inception5h.Load, LazyThreadSafetyMode.PublicationOnly);

    static readonly Dictionary<string, Lazy<DreamModel>> Caffe = CaffeNetworks.All.ToDictionary(n => n.Name,
        n => new Lazy<DreamModel>(() => LoadInstalled(n), LazyThreadSafetyMode.PublicationOnly));

    /// <summary>The catalog's model names: resnet18, inception5h and the <see cref="CaffeNetworks"/>.</summary>
    public static IReadOnlyList<string> Names => [ResNet18.Name, Inception5h.Name, .. CaffeNetworks.All.Select(n => n.Name)];

    /// <summary>
    /// A catalog model, loaded once per process and shared, or a model file, loaded on every call and read by its
    /// extension (.pb: TensorFlow, .caffemodel: Caffe, anything else: ONNX). A failed load is not remembered.
    /// </summary>
    /// <param name="nameOrPath">A name from <see cref="Names"/> or a file path; null: <see cref="DefaultModel"/>.</param>
    /// <exception cref="DeepDreamException">The name is unknown, the file does not exist, or the model cannot be loaded.</exception>
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
