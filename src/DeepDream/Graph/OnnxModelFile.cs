using Google.Protobuf;
using Onnx;

namespace DeepDream.Graph;

/// <summary>Reads ONNX files, turning every way a file can be wrong into one clear message.</summary>
public static class OnnxModelFile
{
    public static ModelProto Read(string path)
    {
        if (!File.Exists(path)) throw new DeepDreamException($"model file '{path}' does not exist; check the path");
        ModelProto model;
        try
        {
            using var stream = File.OpenRead(path);
            model = ModelProto.Parser.ParseFrom(stream);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new DeepDreamException($"'{path}' is not a valid ONNX model: it is truncated or not ONNX at all; pass a complete .onnx file", e);
        }
        if (model.Graph is null || model.Graph.Node.Count == 0 || model.Graph.Input.Count == 0)
            throw new DeepDreamException($"'{path}' is not an ONNX model (it holds no graph); pass an .onnx file");
        return model;
    }
}
