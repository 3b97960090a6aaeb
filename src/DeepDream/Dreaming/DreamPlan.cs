using DeepDream.Dreaming.Objectives;
using DeepDream.Imaging;
using DeepDream.Models;
using DeepDream.Runtime;

namespace DeepDream.Dreaming;

/// <summary>
/// A dream made ready to run: what it maximizes, resolved on its model (layers found, a guide's features read, the
/// strongest channels ranked on the photo), and the options that steer the ascent (iterations, octaves, step, jitter,
/// tiles, seed). The <see cref="Dreamer"/> takes only this: its objective has one source.
/// </summary>
/// <param name="Options">The options the objective was resolved from; a frame may change their ascent settings (its seed, its iterations).</param>
public sealed record DreamPlan(DreamModel Model, IObjective Objective, DreamOptions Options)
{
    /// <param name="photo">What is dreamed on (a video's first frame); needed only to rank the strongest channels.</param>
    /// <exception cref="DeepDreamException">An option is out of range, or names a layer, channel or guide that is not there.</exception>
    public static DreamPlan Resolve(DreamModel model, DreamOptions options, RgbImage? photo = null)
    {
        options.Validate();
        return new(model, ObjectiveChoice.For(model, options, photo), options);
    }

    /// <inheritdoc cref="Resolve(DreamModel, DreamOptions, RgbImage?)"/>
    public static DreamPlan Resolve(DreamOptions options, RgbImage? photo = null) => Resolve(ModelCatalog.Load(options.Model), options, photo);

    /// <summary>The layer dreamed on, or the objective expression that names the layers.</summary>
    public string Label => Options.Objective ?? Model.Layer(Options.Layer ?? Model.DefaultLayer).Name;
}
