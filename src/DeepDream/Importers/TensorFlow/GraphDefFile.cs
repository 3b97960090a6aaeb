using DeepDream.Importers.TensorFlow.Proto;
using Google.Protobuf;

namespace DeepDream.Importers.TensorFlow;

/// <summary>Reads frozen TensorFlow graphs (binary GraphDef .pb files).</summary>
public static class GraphDefFile
{
    public static GraphDef Read(string path)
    {
        if (!File.Exists(path)) throw new DeepDreamException($"model file '{path}' does not exist; check the path");
        GraphDef graph;
        try
        {
            using var stream = File.OpenRead(path);
            graph = GraphDef.Parser.ParseFrom(stream);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new DeepDreamException($"'{path}' is not a valid TensorFlow graph: it is truncated or not a GraphDef; pass a complete frozen .pb file", e);
        }
        if (graph.Node.Count == 0 || graph.Node.Any(n => n.Name.Length == 0 || n.Op.Length == 0))
            throw new DeepDreamException($"'{path}' is not a TensorFlow GraphDef (it holds no named ops); pass a frozen .pb file");
        return graph;
    }
}
