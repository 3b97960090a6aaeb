using Spectre.Console;

namespace DeepDream.Cli;

/// <summary>A progress bar on stderr (with the ETA) when stderr is a terminal; silent otherwise.</summary>
static class ProgressBar
{
    /// <param name="describe">What a progress report says, and the fraction of the work done.</param>
    public static TResult Run<TProgress, TResult>(bool quiet, Func<TProgress, (string Description, double Fraction)> describe, Func<IProgress<TProgress>?, TResult> work)
    {
        if (quiet || Console.IsErrorRedirected) return work(null);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask("starting", maxValue: 1);
                return work(new SyncProgress<TProgress>(p => (task.Description, task.Value) = describe(p)));
            });
    }
}
