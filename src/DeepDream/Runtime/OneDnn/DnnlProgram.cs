using System.Runtime.InteropServices;

namespace DeepDream.Runtime.OneDnn;

/// <summary>
/// oneDNN primitives in the order they run, with every tensor they touch allocated once, up front:
/// a run is a loop of primitive calls and allocates nothing. Owns all its native objects.
/// </summary>
internal sealed unsafe class DnnlProgram : IDisposable
{
    readonly List<nint> primitives = [], descs = [], memories = [], attrs = [];
    readonly List<nint> argBlocks = [];
    readonly List<(nint Primitive, nint Args, int Count)> steps = [];

    public DnnlProgram()
    {
        Engine = Dnnl.CreateEngine();
        Stream = Dnnl.CreateStream(Engine);
    }

    public nint Engine { get; }
    public nint Stream { get; }

    /// <summary>The implementations oneDNN chose, step by step (for the bench and for tests that hold the kernels native).</summary>
    public List<string> Implementations { get; } = [];

    /// <summary>
    /// A tensor that lives only between its first and last step: where it is placed is decided by <see cref="Place"/>,
    /// which lets tensors whose lives do not overlap share memory.
    /// </summary>
    public nint Memory(in Dnnl.MemoryDesc md)
    {
        var m = Create(md, 0);
        planned[m] = (Dnnl.Size(md), -1, -1);
        return m;
    }

    /// <summary>A tensor for the program's whole life, written before it runs (weights, biases).</summary>
    public nint Persistent(in Dnnl.MemoryDesc md) => Create(md, Dnnl.Allocate);

    /// <summary>A view of a buffer someone else owns (the session's pinned arrays).</summary>
    public nint Wrap(in Dnnl.MemoryDesc md, nint handle) => Create(md, handle);

    /// <summary>Another description of <paramref name="parent"/>'s memory (a slice of it): placed where the parent is.</summary>
    public nint View(in Dnnl.MemoryDesc md, nint parent)
    {
        var m = Create(md, 0);
        views[m] = parent;
        return m;
    }

    nint Create(in Dnnl.MemoryDesc md, nint handle)
    {
        var m = Dnnl.CreateMemory(md, Engine, handle);
        memories.Add(m);
        return m;
    }

    readonly Dictionary<nint, (long Size, int First, int Last)> planned = [];
    readonly Dictionary<nint, nint> views = [];
    nint arena;

    /// <summary>
    /// Places every planned tensor in one arena, first the largest, each at the lowest offset free of the tensors that
    /// live at the same time (a tensor lives from the step that first touches it to the step that last does, both
    /// included, so no step reads and writes one place).
    /// </summary>
    public void Place()
    {
        const long alignment = 64;
        var placed = new List<(long Offset, long Size, int First, int Last, nint Memory)>();
        foreach (var (memory, (size, first, last)) in planned.Where(p => p.Value.First >= 0).OrderByDescending(p => p.Value.Size))
        {
            var offset = 0L;
            foreach (var other in placed.Where(o => o.First <= last && first <= o.Last).OrderBy(o => o.Offset))
            {
                if (offset + size <= other.Offset) break;
                offset = Math.Max(offset, (other.Offset + other.Size + alignment - 1) / alignment * alignment);
            }
            placed.Add((offset, size, first, last, memory));
        }
        var bytes = placed.Count == 0 ? 1 : placed.Max(p => p.Offset + p.Size);
        arena = (nint)NativeMemory.AlignedAlloc((nuint)bytes, (nuint)alignment);
        foreach (var p in placed) Dnnl.SetDataHandle(p.Memory, arena + (nint)p.Offset);
        foreach (var (view, parent) in views) Dnnl.SetDataHandle(view, Dnnl.DataHandle(parent));
    }

    /// <summary>Keeps a primitive descriptor until the program is disposed (backward descriptors take forward ones as hints).</summary>
    public nint Keep(nint pd)
    {
        descs.Add(pd);
        return pd;
    }

    public nint KeepAttributes(nint attr)
    {
        if (attr != 0) attrs.Add(attr);
        return attr;
    }

    /// <summary>Appends a step: the primitive of <paramref name="pd"/> with its arguments; an argument whose memory is 0 is one the primitive goes without (no bias, no workspace).</summary>
    public void Add(nint pd, string what, params ReadOnlySpan<(int Arg, nint Memory)> args)
    {
        var primitive = Dnnl.CreatePrimitive(pd, what);
        primitives.Add(primitive);
        Implementations.Add($"{what}: {Dnnl.Implementation(pd)}");
        var block = (Dnnl.ExecArg*)NativeMemory.Alloc((nuint)(Math.Max(1, args.Length) * sizeof(Dnnl.ExecArg)));
        argBlocks.Add((nint)block);
        var count = 0;
        foreach (var (arg, memory) in args)
        {
            if (memory == 0) continue;
            block[count++] = new Dnnl.ExecArg { Arg = arg, Memory = memory };
            var owner = views.GetValueOrDefault(memory, memory);
            if (planned.TryGetValue(owner, out var life))
                planned[owner] = life with { First = life.First < 0 ? steps.Count : life.First, Last = steps.Count };
        }
        steps.Add((primitive, (nint)block, count));
    }

    /// <summary>A step that copies <paramref name="from"/> into <paramref name="to"/>, converting layout and precision.</summary>
    public void Reorder(in Dnnl.MemoryDesc fromMd, nint from, in Dnnl.MemoryDesc toMd, nint to, string what) =>
        Add(Keep(Dnnl.ReorderDesc(fromMd, toMd, Engine)), what, (Dnnl.ArgFrom, from), (Dnnl.ArgTo, to));

    /// <summary>Copies now, once (weights into the layout a primitive chose); not a step.</summary>
    public void ReorderNow(in Dnnl.MemoryDesc fromMd, nint from, in Dnnl.MemoryDesc toMd, nint to)
    {
        var pd = Dnnl.ReorderDesc(fromMd, toMd, Engine);
        var primitive = Dnnl.CreatePrimitive(pd, "convert weights");
        var args = stackalloc Dnnl.ExecArg[2];
        args[0] = new Dnnl.ExecArg { Arg = Dnnl.ArgFrom, Memory = from };
        args[1] = new Dnnl.ExecArg { Arg = Dnnl.ArgTo, Memory = to };
        Dnnl.Execute(primitive, Stream, 2, args);
        Dnnl.Wait(Stream);
        Dnnl.DestroyPrimitive(primitive);
        Dnnl.DestroyPrimitiveDesc(pd);
    }

    /// <summary>Runs steps [first, end) and waits for them.</summary>
    public void Run(int first, int end)
    {
        for (var i = first; i < end; i++)
        {
            var (primitive, args, count) = steps[i];
            Dnnl.Execute(primitive, Stream, count, (Dnnl.ExecArg*)args);
        }
        Dnnl.Wait(Stream);
    }

    /// <summary>How many steps there are: where the next one goes (the forward pass ends, the backward pass begins).</summary>
    public int Count => steps.Count;

    /// <summary>Runs every step once, waiting after each, and returns each one's time: where an iteration goes.</summary>
    public IReadOnlyList<(string Step, double Milliseconds)> Profile()
    {
        var times = new List<(string, double)>();
        for (var i = 0; i < steps.Count; i++)
        {
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            Run(i, i + 1);
            times.Add((Implementations[i], System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds));
        }
        return times;
    }

    public void Dispose()
    {
        foreach (var p in primitives) Dnnl.DestroyPrimitive(p);
        foreach (var d in descs) Dnnl.DestroyPrimitiveDesc(d);
        foreach (var a in attrs) Dnnl.DestroyAttributes(a);
        foreach (var m in memories) Dnnl.DestroyMemory(m);
        foreach (var b in argBlocks) NativeMemory.Free((void*)b);
        if (arena != 0) NativeMemory.AlignedFree((void*)arena);
        primitives.Clear(); descs.Clear(); attrs.Clear(); memories.Clear(); argBlocks.Clear(); steps.Clear();
        Dnnl.DestroyStream(Stream);
        Dnnl.DestroyEngine(Engine);
    }
}
