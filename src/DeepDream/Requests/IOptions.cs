namespace DeepDream.Requests;

/// <summary>
/// A record of declared options (<see cref="OptionAttribute"/>). Every front end checks each option's range from
/// its declaration; <see cref="Validate"/> adds the rules between options, which no declaration can state.
/// </summary>
public interface IOptions
{
    /// <summary>Throws a DeepDreamException naming the first option that is out of range or does not fit the others.</summary>
    void Validate();

    /// <summary>The help's words for an option's default, where no single value is it (a renderer's own); null: its value in a new record.</summary>
    string? DefaultText(string property) => null;
}
