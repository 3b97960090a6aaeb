using System.Text.Json;
using DeepDream.Dreaming;
using DeepDream.Dreaming.Objectives;
using DeepDream.Web.Api;
using DeepDream.Models;
using DeepDream.Video;
using DeepDream.Visualization;

namespace DeepDream.Web.Jobs;

/// <summary>
/// What a job was asked to do, as stored with it: every job's row holds this record as JSON with these
/// property names, so renaming one makes stored jobs unreadable.
/// </summary>
/// <param name="Dream">Null for a channel sheet, which dreams on no photo.</param>
/// <param name="Video">A clip dream's options; added after the first jobs were stored, so theirs read as null.</param>
/// <param name="Layers">A looks sheet's layers or looks; null: the model's looks.</param>
/// <param name="Sheet">A channel sheet's settings.</param>
public sealed record JobOptions(DreamOptions? Dream, ZoomOptions? Zoom, string? Format, VideoOptions? Video = null,
    IReadOnlyList<string>? Layers = null, SheetRequest? Sheet = null)
{
    /// <summary>Reads a request's option fields for a kind of job as a studio with the default settings does (see <see cref="IJobHandler.ReadOptions"/>).</summary>
    public static JobOptions Parse(JobKind kind, Func<string, string?> field)
    {
        var defaults = new StudioOptions();
        return JobHandlers.Create(defaults, new FolderSheetCache(defaults.DataFolder), new ImageInput(defaults, new DecodeBudget(defaults)))[kind].ReadOptions(new OptionFields(field));
    }

    /// <summary>
    /// The dream options every kind of job on a photo takes, from the form fields (named like the options: octaveScale),
    /// checked by their rules, then the studio's caps, then against the model's layers.
    /// </summary>
    public static DreamOptions ReadDream(OptionFields form, DreamOptions defaults)
    {
        var dream = new DreamOptions
        {
            Model = form.Text(nameof(DreamOptions.Model)) ?? defaults.Model,
            Layer = form.Text(nameof(DreamOptions.Layer)),
            Channel = form.Int(nameof(DreamOptions.Channel)),
            Objective = form.Text(nameof(DreamOptions.Objective)),
            Guide = GuideInput.Read(form),
            Strongest = form.Int(nameof(DreamOptions.Strongest)),
            Iterations = form.Int(nameof(DreamOptions.Iterations)) ?? defaults.Iterations,
            Octaves = form.Int(nameof(DreamOptions.Octaves)) ?? defaults.Octaves,
            OctaveScale = form.Double(nameof(DreamOptions.OctaveScale)) ?? defaults.OctaveScale,
            Step = form.Double(nameof(DreamOptions.Step)) ?? defaults.Step,
            Seed = form.Int(nameof(DreamOptions.Seed)),
        };
        dream.Validate();
        StudioCaps.Check(dream);
        CheckLayers(dream);
        return dream;
    }

    /// <summary>Reads what <see cref="Stored"/> wrote.</summary>
    public static JobOptions FromStored(string json) =>
        JsonSerializer.Deserialize<JobOptions>(json) ?? throw new DeepDreamException("a job's stored options are empty");

    /// <summary>The JSON kept in the job's row.</summary>
    public string Stored() => JsonSerializer.Serialize(this);

    /// <summary>The layers and channels dreamed (the objective's, or the layer and channel) must exist: a typo is the user's to fix now, not a failed job later.</summary>
    static void CheckLayers(DreamOptions dream)
    {
        var model = ModelCatalog.Load(dream.Model);
        IEnumerable<(string Layer, int? Channel)> dreamed = dream.Objective is { } objective
            ? ObjectiveExpression.Parse(objective).Terms.Select(t => (t.Layer, t.Channel))
            : [(dream.Layer ?? model.DefaultLayer, dream.Channel)];
        foreach (var (name, channel) in dreamed)
        {
            var layer = model.Layer(name).Name;
            if (channel is { } c) ModelLayers.Check(model, layer, new ChannelRange(c, c));
        }
    }
}
