using Google.Protobuf;
using DeepDream.Graph;
using Onnx;

namespace DeepDream.Tests.Support;

/// <summary>A small ONNX graph built op by op, fed by one float input "x".</summary>
sealed class TinyGraph
{
    public const string X = "x";

    public TinyGraph(params long[] inputShape)
    {
        Model = new ModelProto { IrVersion = 8, Graph = new GraphProto { Name = "tiny" } };
        Model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetUpgrade.Target });
        var shape = new TensorShapeProto();
        foreach (var d in inputShape) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        Model.Graph.Input.Add(new ValueInfoProto
        {
            Name = X,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        });
        G = new GraphEditor(Model);
        InputShape = inputShape;
    }

    public ModelProto Model { get; }
    public GraphEditor G { get; }
    public long[] InputShape { get; }

    public string Op(string opType, IEnumerable<string> inputs, params AttributeProto[] attributes) => G.Node(opType, inputs, attributes);

    public string Random(Random random, params long[] dims) =>
        G.Floats(Enumerable.Range(0, (int)Tensors.ElementCount(dims)).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray(), dims);

    public string Positive(Random random, params long[] dims) =>
        G.Floats(Enumerable.Range(0, (int)Tensors.ElementCount(dims)).Select(_ => (float)(0.5 + random.NextDouble())).ToArray(), dims);

    public void Save(string path)
    {
        Model.Graph.Output.Clear();
        Model.Graph.Output.Add(new ValueInfoProto { Name = Model.Graph.Node[^1].Output[0] });
        using var file = File.Create(path);
        Model.WriteTo(file);
    }
}
