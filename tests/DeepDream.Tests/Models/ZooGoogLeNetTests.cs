using DeepDream.Models;
using DeepDream.Tests.Support;
using Xunit;
using static DeepDream.Graph.Attributes;

namespace DeepDream.Tests.Models;

public class ZooGoogLeNetTests
{
    /// <summary>A miniature with the zoo export's tensor names: fixed 224x224 input "data_0", Caffe blob names plus "_1".</summary>
    /// <param name="oldFormat">As the Caffe2 converter wrote every old zoo file: IR version 3, opset 8, each weight also a graph input.</param>
    static string MiniatureFile(bool oldFormat = false)
    {
        var g = new TinyGraph(1, 3, 224, 224);
        g.Model.Graph.Input[0].Name = "data_0";
        var r = new Random(1);
        string previous = "data_0";
        foreach (var (name, channels) in new[] { ("conv1/7x7_s2_1", 8), ("inception_3a/output_1", 8), ("inception_4a/output_1", 8),
                     ("inception_4b/output_1", 8), ("inception_4c/output_1", 8), ("inception_4d/output_1", 8), ("inception_5b/output_1", 8) })
        {
            var conv = g.Op("Conv", [previous, g.Random(r, channels, previous == "data_0" ? 3 : 8, 3, 3)], Ints("pads", [1L, 1, 1, 1]));
            g.G.NodeInto(name, "Relu", [conv]);
            previous = name;
        }
        if (oldFormat)
        {
            g.Model.IrVersion = 3;
            g.Model.OpsetImport.Single().Version = 8;
            foreach (var weight in g.Model.Graph.Initializer)
                g.Model.Graph.Input.Add(DeepDream.Graph.ValueInfos.Float(weight.Name, [.. weight.Dims.Select(d => (long?)d)]));
        }
        var path = TestImages.TempPath("googlenet.onnx");
        g.Save(path);
        return path;
    }

    [Fact]
    public void ZooGoogLeNetGetsCaffeNamesPresetsAndPixels()
    {
        var model = ModelCatalog.Load(MiniatureFile());
        Assert.Equal("inception_4c/output", model.DefaultLayer);
        Assert.Equal("inception_4c/output_1", model.Layer("inception_4c/output").Tensor);
        Assert.Equal("inception_4d/output", model.Presets["objects"]);
        Assert.Equal("conv1/7x7_s2", model.Presets["edges"]);
        Assert.True(model.Convention.Bgr);
        Assert.Equal([104f, 117f, 123f], model.Convention.Mean);
        // The fixed 224x224 input is overridden for any image size.
        var report = DeepDream.Dreaming.GradientCheck.Run(model, ["inception_4c/output"], size: 61);
        Assert.True(report.Passed, string.Join("; ", report.Checks.Select(c => $"{c.Layer} {c.RelativeError} {c.Error}")));
    }

    [Fact]
    public void TheZoosOldFormatWithWeightsAsInputsLoadsChecksAndDreams()
    {
        var model = ModelCatalog.Load(MiniatureFile(oldFormat: true));
        Assert.Equal("inception_4c/output", model.DefaultLayer);
        var report = DeepDream.Dreaming.GradientCheck.Run(model, ["inception_4c/output"], size: 61);
        Assert.True(report.Passed, string.Join("; ", report.Checks.Select(c => $"{c.Layer} {c.RelativeError} {c.Error}")));
        using var dreamer = new DeepDream.Dreaming.Dreamer(DeepDream.Dreaming.DreamPlan.Resolve(model, new() { Iterations = 3, Octaves = 1, Seed = 1 }));
        var dream = dreamer.Dream(DeepDream.Imaging.ImageFile.Read(TestImages.Photo("coffee.png"), 64));
        Assert.True(dream.ObjectiveOutput > dream.ObjectiveInput, $"{dream.ObjectiveInput} -> {dream.ObjectiveOutput}");
    }
}
