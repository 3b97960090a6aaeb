namespace DeepDream.Models;

/// <summary>A tensor a user can dream on, under the name users of that network know it by.</summary>
public sealed record Layer(string Name, string Tensor);
