using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using DeepDream.Autodiff.Kernels;

namespace DeepDream.Runtime;

/// <summary>Creates ONNX Runtime sessions with this project's settings, turning ORT's failures into clear messages.</summary>
internal static class Ort
{
    /// <summary>
    /// Whether every session runs on one process-wide pool of threads. ORT's default, a pool per
    /// session, makes an idle session's threads spin while another one runs: sessions that alternate
    /// (a dream's gradient and forward passes, the studio's workers, a video's octaves) then ran 40%
    /// slower on 2 cores. False only when something else created ORT's environment first.
    /// </summary>
    static readonly bool sharedThreads;

    // A static constructor, not a field initializer: it must run before anything here touches ORT
    // (creating SessionOptions creates ORT's environment with default options).
    static Ort() => sharedThreads = CreateSharedThreadPool();

    static bool CreateSharedThreadPool()
    {
        if (OrtEnv.IsCreated) return false;
        // ORT reads the threading options when the environment is created, which is now. Its own
        // choice of thread count comes from the CPU topology it can read, and on a 2-core virtual
        // machine that was 1 thread: a gradient iteration then took 1.56x as long as with both cores.
        using var threading = new OrtThreadingOptions { GlobalSpinControl = true, GlobalIntraOpNumThreads = Environment.ProcessorCount };
        var environment = new EnvironmentCreationOptions { threadOptions = threading, logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        OrtEnv.CreateInstanceWithOptions(ref environment);
        return true;
    }

    /// <summary>A session for the model with this project's settings: the shared thread pool (where there is one), no memory pattern, the ai.deepdream kernels.</summary>
    /// <param name="optimization">ONNX Runtime's graph optimizations; shape probes turn them off.</param>
    /// <param name="singleThreaded">Runs on the calling thread, outside the shared pool: for small graphs between another library's
    /// work, whose threads the pool's spinning would take cores from.</param>
    /// <exception cref="DeepDreamException">ONNX Runtime cannot load the model; the message is its first line.</exception>
    public static InferenceSession Session(ModelProto model, GraphOptimizationLevel optimization = GraphOptimizationLevel.ORT_ENABLE_ALL, bool singleThreaded = false)
    {
        // Without a memory pattern the arena reuses freed blocks tensor by tensor instead of holding
        // one block planned for every tensor of the run: a 1024x768 replica dream peaked at 574 MB
        // instead of 731 MB, and a gradient iteration took the same time.
        using var options = new SessionOptions { GraphOptimizationLevel = optimization, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL, EnableMemoryPattern = false };
        options.LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL; // its errors become exceptions, told in one line
        if (singleThreaded) options.IntraOpNumThreads = 1;
        else if (sharedThreads) options.DisablePerSessionThreads();
        KernelDomain.AddTo(options);
        try
        {
            return new InferenceSession(model.ToByteArray(), options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new DeepDreamException($"ONNX Runtime cannot load the model: {FirstLine(e.Message)}", e);
        }
    }

    /// <summary>Runs a session, reporting ONNX Runtime's failures (e.g. out of memory) in one line.</summary>
    public static void Run(InferenceSession session, RunOptions options, string[] inputs, OrtValue[] inputValues, string[] outputs, OrtValue[] outputValues)
    {
        try
        {
            session.Run(options, inputs, inputValues, outputs, outputValues);
        }
        catch (OnnxRuntimeException e)
        {
            throw new DeepDreamException($"ONNX Runtime failed while running the model: {FirstLine(e.Message)}", e);
        }
    }

    static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
