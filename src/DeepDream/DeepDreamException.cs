namespace DeepDream;

/// <summary>
/// A problem the user can act on. Its message is one line that names the problem and what to do;
/// front ends print it as is, without a stack trace.
/// </summary>
public class DeepDreamException(string message, Exception? inner = null) : Exception(message, inner);
