using DeepDream.Graph;
using DeepDream.Importers.TensorFlow.Proto;

namespace DeepDream.Importers.TensorFlow;

/// <summary>Reads frozen TensorFlow graphs (binary GraphDef .pb files).</summary>
internal static class GraphDefFile
{
    public static GraphDef Read(string path)
    {
        var graph = ProtobufFile.Read(path, GraphDef.Parser, "TensorFlow graph", "a complete frozen .pb file");
        if (graph.Node.Count == 0 || graph.Node.Any(n => n.Name.Length == 0 || n.Op.Length == 0))
            throw new DeepDreamException($"'{path}' is not a TensorFlow GraphDef (it holds no named ops); pass a frozen .pb file");
        return graph;
    }
}
