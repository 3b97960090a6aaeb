using DeepDream.Importers.Caffe;
using DeepDream.Importers.Caffe.Proto;
using DeepDream.Tests.Models;
using DeepDream.Tests.Support;
using Xunit;

namespace DeepDream.Tests.Importers.Caffe;

/// <summary>Caffe's text-format definitions, as the published files write them, and as damage would leave them.</summary>
public class PrototxtReaderTests
{
    static string Source(string name) => Path.Combine(TestImages.RepositoryRoot, "tests", "DeepDream.Tests", "Importers", "Caffe", $"{name}.prototxt");

    [Fact]
    public void ThePublishedDefinitionsRead()
    {
        var googlenet = GoogLeNetReplicas.Deploy("bvlc_googlenet");
        Assert.Equal(143, googlenet.Layer.Count);
        var input = googlenet.Layer[0];
        Assert.Equal("Input", input.Type);
        Assert.Equal([10, 3, 224, 224], input.InputParam.Shape[0].Dim);
        var conv = googlenet.Layer.Single(l => l.Name == "inception_4c/1x1");
        Assert.Equal(("Convolution", 128u), (conv.Type, conv.ConvolutionParam.NumOutput));
        var pool = googlenet.Layer.Single(l => l.Name == "pool1/3x3_s2");
        Assert.Equal((PoolingParameter.Types.PoolMethod.Max, 3u, 2u), (pool.PoolingParam.Pool, pool.PoolingParam.KernelSize, pool.PoolingParam.Stride));

        var places = GoogLeNetReplicas.Deploy("googlenet_places365");
        Assert.Equal(["data"], places.Input);
        Assert.Equal([10, 3, 224, 224], places.InputDim);
        Assert.Equal(365u, places.Layer.Single(l => l.Name == "loss3/classifier").InnerProductParam.NumOutput);

        var vgg = GoogLeNetReplicas.Deploy("vgg16_places365");
        Assert.Equal([64u, 64, 128, 128, 256, 256, 256, 512, 512, 512, 512, 512, 512],
            vgg.Layer.Where(l => l.Type == "Convolution").Select(l => l.ConvolutionParam.NumOutput));

        var training = GoogLeNetReplicas.Definition("bvlc_googlenet.train_val");
        Assert.Equal([Phase.Train, Phase.Test], training.Layer.Where(l => l.Type == "Data").Select(l => l.Include.Single().Phase));
        Assert.Equal(3, training.Layer.Count(l => l.Type == "SoftmaxWithLoss"));
    }

    [Fact]
    public void V1LayersReadWithTheirEnumTypes()
    {
        var net = Prototxt.Parse<NetParameter>("""
            name: "CaffeNet"
            layers { name: "conv1" type: CONVOLUTION bottom: "data" top: "conv1" convolution_param { num_output: 96 kernel_size: 11 stride: 4 } }
            layers { name: 'relu1' type: RELU bottom: "conv1" top: "conv1" }
            """, "caffenet.prototxt");
        Assert.Equal([V1LayerParameter.Types.LayerType.Convolution, V1LayerParameter.Types.LayerType.Relu], net.Layers.Select(l => l.Type));
        Assert.Equal(96u, net.Layers[0].ConvolutionParam.NumOutput);
    }

    [Fact]
    public void CommentsEscapesListsAndUnknownFieldsAreRead()
    {
        var net = Prototxt.Parse<NetParameter>("""
            # a comment
            name: "a \"quoted\" name\t\101" # another
            force_backward: true
            state { phase: TEST level: 2 stage: 'x' }
            input: "data";
            input_shape: { dim: [1, 3, 224, 224] }
            layer {
              name: "conv" type: "Convolution" bottom: "data" top: "conv"
              param { lr_mult: 1 decay_mult: 1 } param { lr_mult: 2 decay_mult: 0 }
              convolution_param { num_output: 8 pad: 1 kernel_size: 3 weight_filler { type: "gaussian" std: 0.01 } bias_term: false }
            }
            layer { name: "lrn" type: "LRN" bottom: "conv" top: "lrn" lrn_param { local_size: 5 alpha: 1e-4 beta: .75 k: 2. } }
            """, "test.prototxt");
        Assert.Equal("a \"quoted\" name\tA", net.Name);
        Assert.Equal([1, 3, 224, 224], net.InputShape.Single().Dim);
        Assert.Equal((8u, 1u, false), (net.Layer[0].ConvolutionParam.NumOutput, net.Layer[0].ConvolutionParam.Pad.Single(), net.Layer[0].ConvolutionParam.BiasTerm));
        Assert.Equal((1e-4f, 0.75f, 2f), (net.Layer[1].LrnParam.Alpha, net.Layer[1].LrnParam.Beta, net.Layer[1].LrnParam.K));
    }

    [Theory]
    [InlineData("layer { name: \"a\" ", "line 1, column 19: expected '}' or a field name, found the end of the file")]
    [InlineData("name: \"unclosed\nlayer {}", "line 1, column 16: a string is not closed on its line")]
    [InlineData("layers { type: SIDEWAYS }", "line 1, column 24: 'type' has no value 'SIDEWAYS'")]
    [InlineData("layer { convolution_param { num_output: -1 } }", "'num_output' takes a whole number between 0 and 4294967295, not '-1'")]
    [InlineData("input_dim: \"ten\"", "'input_dim' takes a whole number")]
    [InlineData("name: 3", "'name' takes a quoted string")]
    [InlineData("}", "line 1, column 1: found '}' with no block to close")]
    [InlineData("layer: 3", "'layer' takes a block in braces")]
    [InlineData("layers { type: \"X\\nY\" }", "line 1, column 23: 'type' takes a name or a number, not a quoted string")]
    [InlineData("layer { lrn_param { alpha: 'x\\ny' } }", "'alpha' takes a number, not a quoted string")]
    [InlineData("input_dim: \"1\\n2\"", "'input_dim' takes a whole number, not a quoted string")]
    [InlineData("name: \"a\\\nb\"", "line 2, column 1: '\\U+000A' is not an escape a string may hold")]
    [InlineData("3: 4", "line 1, column 1: expected a field name, found '3'")]
    [InlineData("name: \"a\" \u0001", "line 1, column 11: expected a field name, found 'U+0001'")]
    public void DamageIsOneLineNamingThePlace(string text, string expected)
    {
        var error = Assert.Throws<DeepDreamException>(() => Prototxt.Parse<NetParameter>(text, "bad.prototxt"));
        Assert.StartsWith("'bad.prototxt' line ", error.Message);
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void CharactersBeyondTheBasicPlaneSurviveInStrings() =>
        Assert.Equal("caf\u00e9 \U0001F600", Prototxt.Parse<NetParameter>("name: \"caf\u00e9 \U0001F600\"", "names.prototxt").Name);

    [Fact]
    public void AHugeBadNumberIsShownShortened()
    {
        var message = Assert.Throws<DeepDreamException>(() => Prototxt.Parse<NetParameter>("input_dim: " + new string('9', 100000), "huge.prototxt")).Message;
        Assert.True(message.Length < 200, message);
    }

    [Fact]
    public void DeepNestingIsRefusedNotOverflowed()
    {
        var text = string.Concat(Enumerable.Repeat("unknown { ", 5000));
        Assert.Contains("nest deeper than", Assert.Throws<DeepDreamException>(() => Prototxt.Parse<NetParameter>(text, "deep.prototxt")).Message);
    }

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(0, 200)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void DamagedDefinitionsReadOrFailInOneLine(int seed)
    {
        var original = File.ReadAllBytes(Source("bvlc_googlenet.deploy"));
        var damaged = System.Text.Encoding.UTF8.GetString(Mutations.Apply(original, seed));
        Mutations.Bounded(() =>
        {
            try { Prototxt.Parse<NetParameter>(damaged, "damaged.prototxt"); }
            catch (DeepDreamException e) { Assert.DoesNotContain('\n', e.Message); }
        });
    }
}
