using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace DeepDream.Runtime;

/// <summary>Creates ONNX Runtime sessions with this project's settings, turning ORT's failures into clear messages.</summary>
public static class Ort
{
    public static InferenceSession Session(ModelProto model, GraphOptimizationLevel optimization = GraphOptimizationLevel.ORT_ENABLE_ALL)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = optimization, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        options.LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR;
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
