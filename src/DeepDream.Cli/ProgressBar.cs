using DeepDream.Dreaming;
using Spectre.Console;

namespace DeepDream.Cli;

/// <summary>A progress bar on stderr (octave, iteration, ETA) when stderr is a terminal; silent otherwise.</summary>
static class ProgressBar
{
    public static T Run<T>(bool quiet, string title, Func<IProgress<DreamProgress>?, T> work)
    {
        if (quiet || Console.IsErrorRedirected) return work(null);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask(title, maxValue: 1);
                return work(new Progress(p =>
                {
                    task.Description = $"{title}: octave {p.Octave}/{p.Octaves}, step {p.Iteration}/{p.Iterations}";
                    task.Value = p.Fraction;
                }));
            });
    }

    /// <summary>Reports synchronously, unlike Progress&lt;T&gt; which posts to the thread pool.</summary>
    sealed class Progress(Action<DreamProgress> report) : IProgress<DreamProgress>
    {
        public void Report(DreamProgress value) => report(value);
    }
}
