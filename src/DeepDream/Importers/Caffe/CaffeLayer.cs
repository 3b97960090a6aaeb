using DeepDream.Importers.Caffe.Proto;
using V1Type = DeepDream.Importers.Caffe.Proto.V1LayerParameter.Types.LayerType;

namespace DeepDream.Importers.Caffe;

/// <summary>
/// A Caffe layer as the importer reads it, whichever format its file holds: V2 'layer' (type by name, since 2015)
/// or V1 'layers' (type by enum, the models of 2014 such as bvlc_googlenet). Both carry the same parameters.
/// </summary>
sealed record CaffeLayer(string Name, string Type, IReadOnlyList<string> Bottom, IReadOnlyList<string> Top, IReadOnlyList<BlobProto> Blobs,
    LayerParameter Parameters)
{
    /// <summary>The layers of the net Caffe builds for testing (and deploying): those whose rules admit the TEST phase.</summary>
    public static IReadOnlyList<CaffeLayer> Of(NetParameter net)
    {
        if (net.Layer.Count > 0 && net.Layers.Count > 0)
            throw new DeepDreamException("the Caffe net mixes V1 'layers' and V2 'layer' entries; Caffe itself refuses such a file");
        var layers = net.Layer.Count > 0
            ? net.Layer.Where(l => InTest(l.Include, l.Exclude)).Select(FromV2)
            : net.Layers.Where(l => InTest(l.Include, l.Exclude)).Select(FromV1);
        return [.. layers];
    }

    static CaffeLayer FromV2(LayerParameter l) => new(l.Name, l.Type, l.Bottom, l.Top, l.Blobs, l);

    static CaffeLayer FromV1(V1LayerParameter l) => new(l.Name, TypeName(l.Type), l.Bottom, l.Top, l.Blobs, new LayerParameter
    {
        ConvolutionParam = l.ConvolutionParam, PoolingParam = l.PoolingParam, LrnParam = l.LrnParam, ConcatParam = l.ConcatParam,
        InnerProductParam = l.InnerProductParam, DropoutParam = l.DropoutParam, ReluParam = l.ReluParam, SoftmaxParam = l.SoftmaxParam,
    });

    /// <summary>Caffe's own translation of the V1 enum into V2 type names (upgrade_proto.cpp), for the types nets use.</summary>
    static string TypeName(V1Type type) => type switch
    {
        V1Type.Convolution => "Convolution",
        V1Type.Relu => "ReLU",
        V1Type.Pooling => "Pooling",
        V1Type.Lrn => "LRN",
        V1Type.Concat => "Concat",
        V1Type.InnerProduct => "InnerProduct",
        V1Type.Dropout => "Dropout",
        V1Type.Softmax => "Softmax",
        V1Type.SoftmaxLoss => "SoftmaxWithLoss",
        V1Type.Accuracy => "Accuracy",
        V1Type.Data => "Data",
        V1Type.ImageData => "ImageData",
        V1Type.MemoryData => "MemoryData",
        V1Type.Hdf5Data => "HDF5Data",
        V1Type.WindowData => "WindowData",
        V1Type.DummyData => "DummyData",
        V1Type.Split => "Split",
        V1Type.Silence => "Silence",
        _ => type.ToString().ToUpperInvariant(),
    };

    /// <summary>Caffe's rule: included if no include rule or one that matches, and no exclude rule matches (a rule without a phase matches any).</summary>
    static bool InTest(IEnumerable<NetStateRule> include, IEnumerable<NetStateRule> exclude)
    {
        static bool Matches(NetStateRule rule) => !rule.HasPhase || rule.Phase == Phase.Test;
        var includes = include.ToList();
        return (includes.Count == 0 || includes.Any(Matches)) && !exclude.Any(Matches);
    }
}
