using DeepDream.Importers.Caffe.Proto;
using Google.Protobuf;
using V1Type = DeepDream.Importers.Caffe.Proto.V1LayerParameter.Types.LayerType;

namespace DeepDream.Tests.Support;

/// <summary>
/// Random-weight replicas of Caffe networks, built from their public deploy definitions: the real weights are not
/// ours to ship, and never faked. Every Convolution and InnerProduct gets He-scaled random blobs of the shapes the
/// definition implies (an InnerProduct's inputs follow the feature map's size at the definition's 224x224 input,
/// pooled the way Caffe pools: sizes rounded up, a last window starting in the padding dropped). Written as a
/// 2015+ file (V2 'layer', BlobShape) or as a 2014 one (V1 'layers', enum types, num/channels/height/width blobs). Built
/// from a training definition (train_val.prototxt), it holds what the real 2014 file holds: data layers per phase,
/// auxiliary heads, losses and accuracies.
/// </summary>
static class CaffeReplica
{
    public enum Format { V2, V1 }

    /// <summary>The definition's layers with weights, up to <paramref name="last"/> (all if null).</summary>
    public static NetParameter Weights(NetParameter deploy, int seed, Format format = Format.V2, string? last = null)
    {
        var random = new Random(seed);
        var layers = new List<LayerParameter>();
        var shapes = new Dictionary<string, (long C, long H, long W)> { [deploy.Input.Count > 0 ? deploy.Input[0] : "data"] = (3, 224, 224) };
        foreach (var source in deploy.Layer)
        {
            var layer = source.Clone();
            if (layer.Type is "Input" or "Data")
            {
                foreach (var top in layer.Top) shapes[top] = (3, 224, 224);
                layers.Add(layer);
                continue;
            }
            var (c, h, w) = shapes[layer.Bottom[0]];
            switch (layer.Type)
            {
                case "Convolution":
                    var p = layer.ConvolutionParam;
                    var (k, s, pad) = (p.KernelSize[0], p.Stride.Count > 0 ? p.Stride[0] : 1u, p.Pad.Count > 0 ? p.Pad[0] : 0u);
                    layer.Blobs.Add(Blob(random, format, p.NumOutput, c / p.Group, k, k));
                    layer.Blobs.Add(Blob(random, format, p.NumOutput));
                    shapes[layer.Top[0]] = (p.NumOutput, (h + 2 * pad - k) / s + 1, (w + 2 * pad - k) / s + 1);
                    break;
                case "Pooling":
                    var q = layer.PoolingParam;
                    shapes[layer.Top[0]] = q.GlobalPooling ? (c, 1, 1) : (c, Pooled(h, q.KernelSize, q.Stride, q.Pad), Pooled(w, q.KernelSize, q.Stride, q.Pad));
                    break;
                case "InnerProduct":
                    var n = layer.InnerProductParam.NumOutput;
                    layer.Blobs.Add(Blob(random, format, n, c * h * w));
                    layer.Blobs.Add(Blob(random, format, n));
                    shapes[layer.Top[0]] = (n, 1, 1);
                    break;
                case "Concat":
                    shapes[layer.Top[0]] = (layer.Bottom.Sum(b => shapes[b].C), h, w);
                    break;
                default:
                    foreach (var top in layer.Top) shapes[top] = (c, h, w);
                    break;
            }
            layers.Add(layer);
            if (layer.Name == last) break;
        }
        var net = new NetParameter { Name = deploy.Name };
        net.Input.AddRange(deploy.Input);
        net.InputDim.AddRange(deploy.InputDim);
        if (format == Format.V2) net.Layer.AddRange(layers);
        else
        {
            // V1 nets had no Input layer: their input was the net's own 'input' field.
            foreach (var input in layers.Where(l => l.Type == "Input"))
            {
                net.Input.Add(input.Top[0]);
                net.InputDim.AddRange([1, 3, 224, 224]);
            }
            net.Layers.AddRange(layers.Where(l => l.Type != "Input").Select(ToV1));
        }
        return net;
    }

    /// <summary>Caffe's pooled size: rounded up, less a last window that would start in the padding.</summary>
    public static long Pooled(long size, long kernel, long stride, long pad)
    {
        var pooled = (long)Math.Ceiling((double)(size + 2 * pad - kernel) / stride) + 1;
        if (pad > 0 && (pooled - 1) * stride >= size + pad) pooled--;
        return pooled;
    }

    public static string Write(NetParameter net, string name)
    {
        var path = TestImages.TempPath(name);
        File.WriteAllBytes(path, net.ToByteArray());
        return path;
    }

    static BlobProto Blob(Random random, Format format, params long[] dims)
    {
        var count = dims.Aggregate(1L, (a, d) => a * d);
        var fanIn = dims.Length > 1 ? count / dims[0] : 0;
        var scale = fanIn > 0 ? Math.Sqrt(2.0 / fanIn) : 0.01;
        var blob = new BlobProto();
        for (var i = 0; i < count; i++) blob.Data.Add((float)(scale * Gaussian(random)));
        if (format == Format.V2) blob.Shape = new BlobShape { Dim = { dims } };
        else
        {
            // Legacy blobs are always 4-D: 1s in front of a matrix (1x1xOUTxIN) or a vector (1x1x1xN).
            var legacy = Enumerable.Repeat(1L, 4 - dims.Length).Concat(dims).ToArray();
            (blob.Num, blob.Channels, blob.Height, blob.Width) = ((int)legacy[0], (int)legacy[1], (int)legacy[2], (int)legacy[3]);
        }
        return blob;
    }

    static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>The V1 enum of each V2 type the definitions use.</summary>
    static readonly Dictionary<string, V1Type> V1Types = new()
    {
        ["Convolution"] = V1Type.Convolution, ["ReLU"] = V1Type.Relu, ["Pooling"] = V1Type.Pooling, ["LRN"] = V1Type.Lrn, ["Concat"] = V1Type.Concat,
        ["InnerProduct"] = V1Type.InnerProduct, ["Dropout"] = V1Type.Dropout, ["Softmax"] = V1Type.Softmax, ["Data"] = V1Type.Data,
        ["SoftmaxWithLoss"] = V1Type.SoftmaxLoss, ["Accuracy"] = V1Type.Accuracy,
    };

    static V1LayerParameter ToV1(LayerParameter l)
    {
        var v1 = new V1LayerParameter
        {
            Name = l.Name, Type = V1Types[l.Type],
            ConvolutionParam = l.ConvolutionParam, PoolingParam = l.PoolingParam, LrnParam = l.LrnParam, ConcatParam = l.ConcatParam,
            InnerProductParam = l.InnerProductParam, DropoutParam = l.DropoutParam, ReluParam = l.ReluParam, SoftmaxParam = l.SoftmaxParam,
        };
        v1.Bottom.AddRange(l.Bottom);
        v1.Top.AddRange(l.Top);
        v1.Blobs.AddRange(l.Blobs);
        v1.Include.AddRange(l.Include);
        v1.Exclude.AddRange(l.Exclude);
        return v1;
    }
}
