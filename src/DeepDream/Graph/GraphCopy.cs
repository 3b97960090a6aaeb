using Onnx;

namespace DeepDream.Graph;

/// <summary>
/// Copies a model's structure but shares its weights: every size-specialized graph of a network
/// would otherwise carry its own copy of tens of megabytes of constants. Weights are never mutated.
/// </summary>
internal static class GraphCopy
{
    public static ModelProto SharingWeights(ModelProto model)
    {
        var source = model.Graph;
        var graph = new GraphProto { Name = source.Name };
        graph.Node.AddRange(source.Node.Select(n => n.Clone()));
        graph.Input.AddRange(source.Input.Select(i => i.Clone()));
        graph.Output.AddRange(source.Output.Select(o => o.Clone()));
        graph.Initializer.AddRange(source.Initializer);
        var copy = new ModelProto { IrVersion = model.IrVersion, ProducerName = model.ProducerName, Graph = graph };
        copy.OpsetImport.AddRange(model.OpsetImport.Select(o => o.Clone()));
        copy.MetadataProps.AddRange(model.MetadataProps.Select(p => p.Clone()));
        return copy;
    }
}
