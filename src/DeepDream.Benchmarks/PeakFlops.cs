using System.Diagnostics;
using DeepDream.Graph;
using DeepDream.Dreaming.Objectives;
using DeepDream.Runtime;
using DeepDream.Runtime.OneDnn;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace DeepDream.Benchmarks;

/// <summary>
/// The attainable FLOP/s of this machine: fp32 by ONNX Runtime MatMuls with the dream sessions' settings; bf16 by
/// oneDNN's 1x1 convolutions (a matrix product in the engine's own layout) where the CPU computes bf16.
/// </summary>
public static class PeakFlops
{
    /// <summary>The best bf16 1x1 convolution of 512 and 1024 channels over 64x64 pixels, FLOP/s; null where oneDNN has no bf16 here.</summary>
    public static double? MeasureBf16()
    {
        if (!Dnnl.Available || !Dnnl.HasBf16) return null;
        return new[] { 512, 1024 }.Max(channels =>
        {
            const int side = 64;
            var model = OneOp("Conv", [1, channels, side, side], [channels, channels, 1, 1], new Random(1));
            using var session = OneDnnGradientSession.Create(model, "a", Objective.Layer("c"), withGradient: false, bf16: true);
            session.Evaluate(new float[channels * side * side]);
            var best = Enumerable.Range(0, 8).Min(_ => session.Profile().Single(s => s.Step.StartsWith("conv")).Milliseconds) / 1000;
            return 2.0 * channels * channels * side * side / best;
        });
    }

    /// <summary>c = op(a, w): input a of <paramref name="input"/> dims, w random weights of <paramref name="weights"/> dims.</summary>
    static ModelProto OneOp(string op, long[] input, long[] weights, Random random)
    {
        var model = new ModelProto { IrVersion = 8, Graph = new GraphProto { Name = "peak" } };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetUpgrade.Target });
        model.Graph.Input.Add(ValueInfos.Float("a", [.. input.Select(d => (long?)d)]));
        var editor = new GraphEditor(model);
        var w = editor.Floats([.. Enumerable.Range(0, (int)Tensors.ElementCount(weights)).Select(_ => (float)random.NextDouble())], weights);
        editor.NodeInto("c", op, ["a", w]);
        return model;
    }

    /// <summary>The best of square MatMuls of a few sizes: the smaller ones stay in cache, the larger ones amortize threading.</summary>
    public static double Measure() => new[] { 512, 1024, 2048 }.Max(n => Measure(n, 8));

    public static double Measure(int size, int runs)
    {
        var random = new Random(1);
        var model = OneOp("MatMul", [size, size], [size, size], random);
        model.Graph.Output.Add(new ValueInfoProto { Name = "c" });

        using var session = Ort.Session(model);
        var a = new float[size * size];
        for (var i = 0; i < a.Length; i++) a[i] = (float)random.NextDouble();
        using var input = OrtValue.CreateTensorValueFromMemory(a, [size, size]);
        var c = new float[size * size];
        using var output = OrtValue.CreateTensorValueFromMemory(c, [size, size]);
        using var options = new RunOptions();
        var best = double.MaxValue;
        for (var run = 0; run < runs; run++)
        {
            var clock = Stopwatch.StartNew();
            Ort.Run(session, options, ["a"], [input], ["c"], [output]);
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return 2.0 * size * size * size / best;
    }
}
