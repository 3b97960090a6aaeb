using Google.Protobuf;

namespace DeepDream.Graph;

/// <summary>Parses model files stored as protocol buffers (ONNX models, TensorFlow graphs), with one-line errors.</summary>
internal static class ProtobufFile
{
    /// <param name="kind">What the file should be, for messages: "ONNX model", "TensorFlow graph".</param>
    /// <param name="hint">What to pass instead, for messages.</param>
    public static T Read<T>(string path, MessageParser<T> parser, string kind, string hint) where T : IMessage<T>
    {
        if (!File.Exists(path)) throw new DeepDreamException($"model file '{path}' does not exist; check the path");
        try
        {
            using var stream = File.OpenRead(path);
            return parser.ParseFrom(stream);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new DeepDreamException($"'{path}' is not a valid {kind}: it is truncated or of another format; pass {hint}", e);
        }
    }
}
