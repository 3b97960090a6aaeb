namespace DeepDream.Models;

/// <summary>Where downloaded models live: $DEEPDREAM_HOME, by default ~/.local/share/deepdream/models.</summary>
public static class ModelStore
{
    public static string Folder => Environment.GetEnvironmentVariable("DEEPDREAM_HOME") is { Length: > 0 } home
        ? home
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "deepdream", "models");
}
