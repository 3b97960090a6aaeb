using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using DeepDream.Graph;
using Onnx;

namespace DeepDream.Runtime.OneDnn;

/// <summary>
/// (objective, d objective / d image) for an image of one size, the network run by oneDNN: its
/// forward primitives, the objective (<see cref="ObjectiveTail"/>), then its backward primitives.
/// bf16 where the CPU computes it natively (AVX512-BF16, AMX), with float32 accumulation; else float32.
/// </summary>
internal sealed class OneDnnGradientSession : IGradientSession
{
    readonly DnnlProgram program;
    readonly ObjectiveTail tail;
    readonly float[] image, gradient;
    readonly int backwardStart;
    readonly bool withGradient;
    readonly Lock gate = new();
    bool disposed;

    OneDnnGradientSession(DnnlProgram program, ObjectiveTail tail, float[] image, float[] gradient, int backwardStart, bool withGradient, long[] shape, bool bf16)
    {
        (this.program, this.tail, this.image, this.gradient, this.backwardStart, this.withGradient) = (program, tail, image, gradient, backwardStart, withGradient);
        InputShape = shape;
        Bf16 = bf16;
    }

    public long[] InputShape { get; }

    public bool EvaluatesAsCheaply => true;

    /// <summary>Whether activations and gradients are bf16.</summary>
    public bool Bf16 { get; }

    /// <summary>The kernels oneDNN picked, step by step.</summary>
    public IReadOnlyList<string> Implementations => program.Implementations;

    /// <summary>Each step's time on the current input (the objective in between is not timed).</summary>
    public IReadOnlyList<(string Step, double Milliseconds)> Profile()
    {
        lock (gate) return program.Profile();
    }

    /// <exception cref="OneDnnException">The network has an op the engine lacks, or oneDNN refused a step.</exception>
    public static OneDnnGradientSession Create(ModelProto model, string inputName, IObjective objective, bool withGradient, bool bf16) =>
        Create(TruncatedNetwork.Of(model, objective), inputName, objective, withGradient, bf16);

    /// <param name="network">Read only: where this fails, ONNX Runtime may build from it next.</param>
    /// <exception cref="OneDnnException">The network has an op the engine lacks, or oneDNN refused a step.</exception>
    public static OneDnnGradientSession Create(TruncatedNetwork network, string inputName, IObjective objective, bool withGradient, bool bf16)
    {
        var (graph, shapes) = network;
        // An op without a primitive fails here, before the objective's session is built for nothing.
        NetworkLowering.CheckOps(graph.Graph);
        var shape = shapes[inputName];
        var tail = new ObjectiveTail(graph, shapes, objective, withGradient);
        var program = new DnnlProgram();
        try
        {
            var image = GC.AllocateArray<float>((int)Tensors.ElementCount(shape), pinned: true);
            var gradient = GC.AllocateArray<float>(image.Length, pinned: true);
            var mark = NetworkLowering.Lower(program, graph, shapes, inputName, bf16, tail.Layers,
                Address(image), [.. tail.Inputs.Select(Address)], withGradient ? [.. tail.Gradients.Select(Address)] : null, Address(gradient));
            program.Place();
            return new OneDnnGradientSession(program, tail, image, gradient, mark, withGradient, shape, bf16);
        }
        catch
        {
            program.Dispose();
            tail.Dispose();
            throw;
        }
    }

    static unsafe nint Address(float[] pinned) => (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));

    public double Run(ReadOnlySpan<float> input, Span<float> inputGradient)
    {
        if (!withGradient) throw new InvalidOperationException("this session computes the objective only");
        if (input.Length != image.Length || inputGradient.Length != image.Length)
            throw new ArgumentException($"expected {image.Length} values for an input of shape {string.Join('x', InputShape)}");
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            input.CopyTo(image);
            program.Run(0, backwardStart);
            var value = tail.Run();
            program.Run(backwardStart, program.Count);
            gradient.CopyTo(inputGradient);
            return value;
        }
    }

    public double Evaluate(ReadOnlySpan<float> input)
    {
        if (input.Length != image.Length) throw new ArgumentException($"expected {image.Length} values for an input of shape {string.Join('x', InputShape)}");
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            input.CopyTo(image);
            program.Run(0, backwardStart);
            return tail.Run();
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            if (disposed) return;
            disposed = true;
        }
        program.Dispose();
        tail.Dispose();
    }
}
