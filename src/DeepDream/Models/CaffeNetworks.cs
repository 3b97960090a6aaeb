using DeepDream.Importers.Caffe;

namespace DeepDream.Models;

/// <summary>
/// One of the Caffe networks DeepDream was born with: where its official weights are, how to tell them from
/// others, how it wants its pixels, and its looks.
/// </summary>
/// <param name="Sha1">The digest its model-zoo page publishes; null where none is published (then the file is checked by its structure).</param>
/// <param name="MeanBgr">The mean subtracted from 0..255 BGR pixels, as its training did.</param>
/// <param name="Looks">Layers for edges, textures, patterns, parts and objects.</param>
/// <param name="Classes">The classifier's outputs: what tells GoogLeNet-Places365 from bvlc_googlenet.</param>
public sealed record CaffeNetwork(string Name, string Url, string? Sha1, float[] MeanBgr, string[] Looks, string DefaultLayer, string[] MainLayers,
    string Classifier, long Classes, string Source)
{
    /// <summary>The weights' file name: the network's name with .caffemodel.</summary>
    public string FileName => $"{Name}.caffemodel";

    /// <summary>Where the weights are installed and loaded from: a folder of the network's name under <see cref="ModelStore.Folder"/>.</summary>
    public string InstalledPath => Path.Combine(ModelStore.Folder, Name, FileName);

    /// <summary>BGR 0..255 pixels minus <see cref="MeanBgr"/>, as Caffe fed the network in training.</summary>
    public ImageConvention Convention => new(true, 1, MeanBgr, [1, 1, 1]);

    /// <summary>The file's blobs show this network: the layers its looks name, and its classifier's outputs.</summary>
    internal bool Matches(IReadOnlyList<CaffeBlob> blobs) =>
        Looks.All(l => blobs.Any(b => b.Name == l)) && blobs.Any(b => b.Name == Classifier && b.Channels == Classes);
}

/// <summary>The Caffe networks the model catalog knows by name.</summary>
public static class CaffeNetworks
{
    // GoogLeNet's looks follow the TensorFlow notebook's for the same network (conv2d0, mixed3a, mixed4a, mixed4b, mixed4d).
    static readonly string[] GoogLeNetLooks = ["conv1/7x7_s2", "inception_3a/output", "inception_4a/output", "inception_4b/output", "inception_4d/output"];
    static readonly string[] GoogLeNetMain = ["conv1/7x7_s2", "conv2/3x3", "inception_3b/output", "inception_4c/output", "inception_5b/output"];

    /// <summary>BVLC's GoogLeNet trained on ImageNet, the network of Google's original DeepDream; dreams on inception_4c/output by default.</summary>
    public static readonly CaffeNetwork BvlcGoogLeNet = new("bvlc_googlenet", "http://dl.caffe.berkeleyvision.org/bvlc_googlenet.caffemodel",
        "405fc5acd08a3bb12de8ee5e23a96bec22f08204", [104, 117, 123], GoogLeNetLooks, "inception_4c/output", GoogLeNetMain,
        "loss3/classifier", 1000, "BVLC's model zoo (models/bvlc_googlenet/readme.md; license: unrestricted)");

    /// <summary>GoogLeNet trained on the 365 scene classes of Places365: the layers of <see cref="BvlcGoogLeNet"/>, taught scenes instead of objects.</summary>
    public static readonly CaffeNetwork GoogLeNetPlaces365 = new("googlenet_places365", "http://places2.csail.mit.edu/models_places365/googlenet_places365.caffemodel",
        null, [104.051f, 112.514f, 116.676f], GoogLeNetLooks, "inception_4c/output", GoogLeNetMain,
        "loss3/classifier", 365, "CSAILVision/places365 (README; license: CC BY)");

    /// <summary>Oxford's VGG-16 trained on ImageNet; dreams on conv4_3 by default.</summary>
    public static readonly CaffeNetwork Vgg16 = new("vgg16", "http://www.robots.ox.ac.uk/~vgg/software/very_deep/caffe/VGG_ILSVRC_16_layers.caffemodel",
        "9363e1f6d65f7dba68c4f27a1e62105cdf6c4e24", [103.939f, 116.779f, 123.68f], ["conv1_2", "conv2_2", "conv3_3", "conv4_3", "conv5_3"], "conv4_3",
        ["conv1_2", "conv2_2", "conv3_3", "conv4_3", "conv5_3"], "fc8", 1000, "the VGG group, Oxford (license: CC BY 4.0)");

    /// <summary>Every network above, in the order the catalog lists them.</summary>
    public static IReadOnlyList<CaffeNetwork> All { get; } = [BvlcGoogLeNet, GoogLeNetPlaces365, Vgg16];

    /// <summary>The network of that catalog name (bvlc_googlenet, googlenet_places365, vgg16); null if there is none.</summary>
    public static CaffeNetwork? Named(string name) => All.FirstOrDefault(n => n.Name == name);

    internal static CaffeNetwork? Recognize(IReadOnlyList<CaffeBlob> blobs) => All.FirstOrDefault(n => n.Matches(blobs));
}
