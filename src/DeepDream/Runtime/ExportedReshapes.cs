using DeepDream.Graph;
using DeepDream.Models;
using Onnx;

namespace DeepDream.Runtime;

/// <summary>
/// Reshapes an exporter fixed to the size it traced. With a static input size, torch.onnx.export writes ShuffleNet's
/// <c>x.view(n, 2, c / 2, h, w)</c> as the constant [1, 2, 58, 28, 28], and the file then takes no other size. The
/// trailing spatial dims such a reshape carries over unchanged at the file's own size are made to follow its input's:
/// at that size the graph computes exactly what it did, and at any other the view means what the code meant.
/// </summary>
internal static class ExportedReshapes
{
    /// <summary>Call on constants already folded (<see cref="ShapeFolding.FoldConstants"/>), and fold shapes after it.</summary>
    public static void Generalize(ModelProto model)
    {
        var graph = model.Graph;
        var declared = model.MetadataProps.FirstOrDefault(p => p.Key == DreamModel.DeclaredSizeKey)?.Value.Split('x').Select(long.Parse).ToArray();
        var weights = graph.Initializer.ToDictionary(t => t.Name);
        var reshapes = graph.Node.Where(n => n.OpType == "Reshape" && n.Input.Count == 2 && weights.ContainsKey(n.Input[1])).ToList();
        if (declared is not [var height, var width] || reshapes.Count == 0 || graph.Input.Count != 1) return;
        var dims = graph.Input[0].Type.TensorType.Shape.Dim;
        if (dims[2].DimValue == height && dims[3].DimValue == width) return;

        var atDeclared = GraphCopy.SharingWeights(model);
        atDeclared.Graph.Input[0].Type.TensorType.Shape.Dim[2].DimValue = height;
        atDeclared.Graph.Input[0].Type.TensorType.Shape.Dim[3].DimValue = width;
        // A chunk's split sizes may come from shape arithmetic too.
        ShapeFolding.Fold(atDeclared);
        var shapes = ShapeInference.Known(atDeclared);
        var editor = new GraphEditor(model);
        var generalized = false;
        foreach (var reshape in reshapes)
        {
            if (!shapes.TryGetValue(reshape.Input[0], out var input)) continue;
            var target = Tensors.ToInt64s(weights[reshape.Input[1]]);
            var kept = 0;
            // Only height and width (axes 2 and up of the input) vary with the image.
            while (kept < target.Length && input.Length - 1 - kept >= 2 && target[^(kept + 1)] == input[^(kept + 1)] && target[^(kept + 1)] > 0) kept++;
            if (kept == 0) continue;
            var spatial = editor.Node("Shape", [reshape.Input[0]], Attributes.Int("start", -kept));
            reshape.Input[1] = editor.Node("Concat", [editor.Int64s(target[..^kept]), spatial], Attributes.Int("axis", 0));
            generalized = true;
        }
        if (generalized) TopologicalOrder.Sort(graph);
    }
}
