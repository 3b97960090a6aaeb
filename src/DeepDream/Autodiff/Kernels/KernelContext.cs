using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace DeepDream.Autodiff.Kernels;

/// <summary>A kernel's view of one call: its input and output tensors, and ONNX Runtime's thread pool.</summary>
readonly unsafe struct KernelContext(nint handle)
{
    public float* Input(int index, out long[] shape)
    {
        var value = NativeApi.KernelInput(handle, index);
        shape = NativeApi.TensorShape(value);
        return NativeApi.TensorData(value);
    }

    public float* Output(int index, long[] shape) => NativeApi.TensorData(NativeApi.KernelOutput(handle, index, shape));

    /// <summary>
    /// Runs body(i) for i in [0, total) on ONNX Runtime's threads: they are the ones spinning for
    /// work between ops, so a pool of our own would only compete with them for the cores.
    /// </summary>
    public void ParallelFor(int total, Action<int> body)
    {
        var job = new Job(body);
        var handleOfJob = GCHandle.Alloc(job);
        try
        {
            NativeApi.ParallelFor(handle, &RunOne, total, (void*)GCHandle.ToIntPtr(handleOfJob));
        }
        finally
        {
            handleOfJob.Free();
        }
        if (job.Failure is { } failure) ExceptionDispatchInfo.Throw(failure);
    }

    sealed class Job(Action<int> body)
    {
        public readonly Action<int> Body = body;
        public Exception? Failure;
    }

    [UnmanagedCallersOnly]
    static void RunOne(void* data, nuint index)
    {
        var job = (Job)GCHandle.FromIntPtr((nint)data).Target!;
        try
        {
            job.Body((int)index);
        }
        catch (Exception e)
        {
            // Nothing may unwind into native code; the first failure is rethrown on the calling thread.
            Interlocked.CompareExchange(ref job.Failure, e, null);
        }
    }
}
