using Onnx;

namespace DeepDream.Graph;

/// <summary>Reads ONNX files, turning every way a file can be wrong into one clear message.</summary>
public static class OnnxModelFile
{
    public static ModelProto Read(string path)
    {
        var model = ProtobufFile.Read(path, ModelProto.Parser, "ONNX model", "a complete .onnx file");
        if (model.Graph is null || model.Graph.Node.Count == 0 || model.Graph.Input.Count == 0)
            throw new DeepDreamException($"'{path}' is not an ONNX model (it holds no graph); pass an .onnx file");
        return model;
    }
}
