using System.Diagnostics;
using DeepDream.Graph;
using DeepDream.Runtime;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace DeepDream.Benchmarks;

/// <summary>The attainable fp32 FLOP/s of this machine: ONNX Runtime MatMuls with the dream sessions' settings.</summary>
public static class PeakFlops
{
    /// <summary>The best of square MatMuls of a few sizes: the smaller ones stay in cache, the larger ones amortize threading.</summary>
    public static double Measure() => new[] { 512, 1024, 2048 }.Max(n => Measure(n, 8));

    public static double Measure(int size, int runs)
    {
        var model = new ModelProto { IrVersion = 8, Graph = new GraphProto { Name = "peak" } };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetUpgrade.Target });
        model.Graph.Input.Add(ValueInfos.Float("a", size, size));
        var random = new Random(1);
        var b = new GraphEditor(model).Floats([.. Enumerable.Range(0, size * size).Select(_ => (float)random.NextDouble())], size, size);
        new GraphEditor(model).NodeInto("c", "MatMul", ["a", b]);
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
