using DeepDream.Graph;

namespace DeepDream.Models;

/// <summary>
/// How a network wants its pixels: channel order, value range and normalization. Dreams always work
/// on RGB values 0..255; this convention becomes a 1x1 convolution in front of the network, so the
/// gradient comes back in the dream's own units.
/// </summary>
/// <param name="Scale">Multiplies 0..255 values first (1/255 for networks trained on 0..1).</param>
/// <param name="Mean">Subtracted after scaling, per channel in the network's order.</param>
/// <param name="Std">Divides last, per channel in the network's order.</param>
public sealed record ImageConvention(bool Bgr, float Scale, float[] Mean, float[] Std)
{
    /// <summary>torchvision's ImageNet normalization, the most common convention of exported ONNX models.</summary>
    public static ImageConvention Torchvision { get; } = new(false, 1f / 255, [0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f]);

    /// <summary>Appends the conversion from an RGB 0..255 image to the network's input tensor.</summary>
    internal void Apply(GraphEditor g, string image, string networkInput)
    {
        var weights = new float[9];
        var bias = new float[3];
        for (var i = 0; i < 3; i++)
        {
            var source = Bgr ? 2 - i : i;
            weights[i * 3 + source] = Scale / Std[i];
            bias[i] = -Mean[i] / Std[i];
        }
        g.NodeInto(networkInput, "Conv", [image, g.Floats(weights, 3, 3, 1, 1), g.Floats(bias, 3)]);
    }
}
