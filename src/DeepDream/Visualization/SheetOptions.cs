using DeepDream.Requests;

namespace DeepDream.Visualization;

/// <summary>A sheet: every channel of a layer (or a range of them) visualized with the same settings.</summary>
public sealed record SheetOptions : IOptions
{
    /// <summary>The settings of every tile; their channel is the sheet's to choose.</summary>
    [OptionGroup]
    public VisualizeOptions Visualize { get; init; } = new();

    /// <summary>Null: all channels of the layer.</summary>
    [Option("the channels to show, e.g. 0-63 (default: all of the layer's)")]
    public ChannelRange? Channels { get; init; }

    /// <summary>The visualize options a sheet chooses for each tile itself, so it does not offer them.</summary>
    public static readonly IReadOnlyList<string> TileChoices =
        [nameof(VisualizeOptions.Channel), nameof(VisualizeOptions.Neuron), nameof(VisualizeOptions.Objective), nameof(VisualizeOptions.Negative)];

    /// <summary>Throws with a message naming the first option out of range, or the channel, neuron or objective a sheet chooses itself.</summary>
    public void Validate()
    {
        Visualize.Validate();
        if (Visualize.Channel is not null || Visualize.Neuron is not null || Visualize.Objective is not null)
            throw new DeepDreamException("a sheet visualizes a range of channels; give the range, not one channel or neuron");
    }
}
