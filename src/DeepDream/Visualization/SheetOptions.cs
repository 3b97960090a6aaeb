namespace DeepDream.Visualization;

/// <summary>A sheet: every channel of a layer (or a range of them) visualized with the same settings.</summary>
public sealed record SheetOptions
{
    /// <summary>The settings of every tile; their channel is the sheet's to choose.</summary>
    public VisualizeOptions Visualize { get; init; } = new();

    /// <summary>Null: all channels of the layer.</summary>
    public ChannelRange? Channels { get; init; }

    public void Validate()
    {
        Visualize.Validate();
        if (Visualize.Channel is not null || Visualize.Neuron is not null || Visualize.Objective is not null)
            throw new DeepDreamException("a sheet visualizes a range of channels; give the range, not one channel or neuron");
    }
}
