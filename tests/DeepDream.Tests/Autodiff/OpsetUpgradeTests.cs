using DeepDream.Runtime;
using DeepDream.Graph;
using DeepDream.Tests.Support;
using Microsoft.ML.OnnxRuntime;
using Google.Protobuf;
using Xunit;
using static DeepDream.Graph.Attributes;

namespace DeepDream.Tests.Autodiff;

/// <summary>Old-opset graphs keep their meaning when moved to the opset the backward pass needs.</summary>
public class OpsetUpgradeTests
{
    static float[] Run(TinyGraph g, string output, float[] input)
    {
        g.Model.Graph.Output.Clear();
        g.Model.Graph.Output.Add(new Onnx.ValueInfoProto { Name = output });
        using var session = Ort.Session(g.Model);
        using var x = OrtValue.CreateTensorValueFromMemory(input, g.InputShape);
        using var results = session.Run(new RunOptions(), [TinyGraph.X], [x], [output]);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }

    static TinyGraph Opset(int version, params long[] shape)
    {
        var g = new TinyGraph(shape);
        g.Model.OpsetImport[0].Version = version;
        g.Model.IrVersion = 3;
        return g;
    }

    [Fact]
    public void SoftmaxBeforeOpset13FlattensFromItsAxis()
    {
        var g = Opset(8, 2, 3, 4);
        var output = g.Op("Softmax", [TinyGraph.X], Int("axis", 1));
        var input = Enumerable.Range(0, 24).Select(i => (float)Math.Sin(i)).ToArray();
        OpsetUpgrade.Apply(g.Model);
        var result = Run(g, output, input);
        for (var n = 0; n < 2; n++)
        {
            var row = input.Skip(n * 12).Take(12).Select(v => Math.Exp(v)).ToArray();
            for (var i = 0; i < 12; i++) Assert.Equal(row[i] / row.Sum(), result[n * 12 + i], 5);
        }
    }

    [Fact]
    public void ClipAndPadAttributesBecomeInputs()
    {
        var g = Opset(8, 1, 1, 2, 2);
        var clipped = g.Op("Clip", [TinyGraph.X], Float("min", -0.5f), Float("max", 0.5f));
        var padded = g.Op("Pad", [clipped], Ints("pads", [0L, 0, 1, 0, 0, 0, 0, 1]), Float("value", 9));
        OpsetUpgrade.Apply(g.Model);
        Assert.Equal(OpsetUpgrade.Target, g.Model.OpsetImport[0].Version);
        Assert.Equal([9, 9, 9, -0.5f, 0.25f, 9, 0.5f, -0.25f, 9], Run(g, padded, [-1, 0.25f, 2, -0.25f]));
    }

    [Fact]
    public void ModelsOlderThanOpset7AreRefusedClearly()
    {
        var g = Opset(6, 1, 1, 2, 2);
        g.Op("Relu", [TinyGraph.X]);
        var error = Assert.Throws<DeepDreamException>(() => OpsetUpgrade.Apply(g.Model));
        Assert.Contains("opset 6", error.Message);
    }

    [Fact]
    public void AModelUsingOpsOfAnotherDomainIsRefusedWhateverItImportsFirst()
    {
        var g = new TinyGraph(1, 3, 4, 4);
        g.Model.OpsetImport.Add(new Onnx.OperatorSetIdProto { Domain = "com.example", Version = 1 });
        g.G.DomainNode(DeepDream.Autodiff.Kernels.KernelDomain.Name, "ReluGrad", [TinyGraph.X, TinyGraph.X]);

        var error = Assert.Throws<DeepDreamException>(() => OpsetUpgrade.Apply(g.Model));

        Assert.Contains("custom domain 'ai.deepdream'", error.Message);
    }
}
