using DeepDream.Graph;
using DeepDream.Imaging;
using DeepDream.Models;
using Microsoft.ML.OnnxRuntime;

namespace DeepDream.Runtime;

/// <summary>A layer's activations for one image (N, C, H, W with N = 1), by a forward pass cut at the layer.</summary>
internal sealed record LayerActivations(long[] Shape, float[] Values)
{
    public long Channels => Shape[1];
    public long Positions => Values.Length / Shape[1];

    public static LayerActivations Of(DreamModel model, string tensor, RgbImage image)
    {
        var graph = model.ForImage(image.Height, image.Width);
        Pruning.KeepOnly(graph.Graph, [tensor]);
        using var session = Ort.Session(graph);
        using var input = OrtValue.CreateTensorValueFromMemory(image.Pixels, [1, 3, image.Height, image.Width]);
        using var options = new RunOptions();
        using var results = session.Run(options, [DreamModel.ImageInput], [input], [tensor]);
        return new(results[0].GetTensorTypeAndShape().Shape, results[0].GetTensorDataAsSpan<float>().ToArray());
    }

    /// <summary>Each channel's mean over all positions.</summary>
    public double[] ChannelMeans() =>
        [.. Enumerable.Range(0, (int)Channels).Select(c => Values.AsSpan((int)(c * Positions), (int)Positions).ToArray().Average(v => (double)v))];
}
