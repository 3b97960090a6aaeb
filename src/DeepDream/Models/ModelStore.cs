namespace DeepDream.Models;

/// <summary>Where downloaded models live: $DEEPDREAM_HOME, by default ~/.local/share/deepdream/models.</summary>
public static class ModelStore
{
    /// <summary>$DEEPDREAM_HOME if set and not empty, else ~/.local/share/deepdream/models; read anew on every use.</summary>
    public static string Folder => Environment.GetEnvironmentVariable("DEEPDREAM_HOME") is { Length: > 0 } home
        ? home
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "deepdream", "models");
}
