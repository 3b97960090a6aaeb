using System.Diagnostics;
using DeepDream.Dreaming;
using DeepDream.Dreaming.Objectives;
using DeepDream.Models;
using DeepDream.Runtime;

namespace DeepDream.Visualization;

/// <summary>Shows what a layer, channel or neuron of a network responds to: its objective, rendered from noise by the chosen renderer.</summary>
public sealed class Visualizer : IDisposable
{
    readonly VisualizeOptions options;
    readonly ObjectiveGradient gradients;
    readonly SessionCache? ownSessions;

    /// <summary>Loads the options' model and prepares its visualization, with sessions of its own that <see cref="Dispose"/> releases.</summary>
    /// <exception cref="DeepDreamException">The options are out of range, or name a model, layer or objective that does not exist.</exception>
    public Visualizer(VisualizeOptions options) : this(ModelCatalog.Load(options.Model), options, null) { }

    /// <param name="sessions">Shared between visualizations of one model (a sheet's channels).</param>
    public Visualizer(DreamModel model, VisualizeOptions options, SessionCache? sessions)
    {
        options.Validate();
        this.options = options;
        Model = model;
        Renderer = RendererDefaults.Create(options);
        if (sessions is null) sessions = ownSessions = new SessionCache();
        if (options.Objective is { } text)
        {
            // An expression reads several layers: no single ReLU input to fall back on.
            var expression = ObjectiveExpression.Parse(text).On(model);
            Layer = new Layer(text, expression.Terms[0].Term.Tensor);
            gradients = new ObjectiveGradient(new TiledGradient(model, options.Negative ? -expression : expression, sessions, NotebookRenderer.TileSize), null);
            return;
        }
        Layer = model.Layer(options.Layer ?? model.DefaultLayer);
        TiledGradient Gradient(string tensor) => new(model, For(tensor, options), sessions, NotebookRenderer.TileSize);
        gradients = new ObjectiveGradient(Gradient(Layer.Tensor), ReluInput(model, Layer.Tensor, Renderer.Size) is { } input ? Gradient(input) : null);
    }

    /// <summary>The network visualized.</summary>
    public DreamModel Model { get; }

    /// <summary>The layer visualized; for an objective expression, its text (and its first layer's tensor).</summary>
    public Layer Layer { get; }
    /// <summary>The renderer the options chose, its unset settings taken from <see cref="RendererDefaults"/>.</summary>
    public IRenderer Renderer { get; }

    /// <summary>mean(T[c]) for a channel, T[c, centre] for a neuron, mean(T²) for the whole layer; negated on request.</summary>
    public static Objective For(string tensor, VisualizeOptions options)
    {
        var objective = (options.Channel, options.Neuron) switch
        {
            ({ } channel, _) => Objective.Channel(tensor, channel),
            (_, { } neuron) => Objective.Neuron(tensor, neuron),
            _ => Objective.Layer(tensor),
        };
        return options.Negative ? -objective : objective;
    }

    /// <summary>The input of the ReLU whose output the tensor is, if it is one.</summary>
    static string? ReluInput(DreamModel model, string tensor, int size) =>
        model.ForImage(size, size).Graph.Node.FirstOrDefault(n => n.Output.Contains(tensor)) is { OpType: "Relu" } relu ? relu.Input[0] : null;

    /// <summary>Renders the picture, with the options' seed or, without one, a new one each call; same seed and options give the same picture.</summary>
    public VisualizationResult Render(IProgress<RenderProgress>? progress = null, CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        var seed = options.Seed ?? Random.Shared.Next();
        var rendering = Renderer.Render(gradients, new Random(seed), progress, cancel);
        return new VisualizationResult(rendering.Image, Model.Name, Layer.Name, options.Channel, options.Neuron, options.Negative, options.Renderer,
            Renderer.Size, seed, rendering.ObjectiveStart, rendering.ObjectiveEnd, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Releases the sessions this visualizer made itself; sessions it was given stay open for their owner.</summary>
    public void Dispose() => ownSessions?.Dispose();
}
