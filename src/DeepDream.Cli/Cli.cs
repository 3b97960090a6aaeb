using System.CommandLine;
using DeepDream.Cli.Commands;

namespace DeepDream.Cli;

/// <summary>The `deepdream` command line: parsing, dispatch, and the rule that users never see a stack trace.</summary>
static class Cli
{
    public const int Failure = 1;
    public const int UsageError = 2;

    public static int Run(string[] args)
    {
        var root = new RootCommand("DeepDream for .NET: dream on photos with pretrained networks, offline.")
        {
            DreamCommand.Create(),
            ZoomCommand.Create(),
            VideoCommand.Create(),
            VisualizeCommand.Create(),
            SheetCommand.Create(),
            LooksCommand.Create(),
            ServeCommand.Create(),
            WorkerCommand.Create(),
            BenchCommand.Create(),
            InfoCommand.Create(),
            LayersCommand.Create(),
            ModelsCommand.Create(),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            Console.Error.WriteLine($"deepdream: {parsed.Errors[0].Message} (see 'deepdream --help')");
            return UsageError;
        }
        try
        {
            // Ctrl+C and SIGTERM cancel the command's token. A studio node then stops its host, whose worker hands its
            // running job back at the next step (up to 30 s); the default 2 s would end the process before that.
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = TimeSpan.FromSeconds(40) });
        }
        catch (Exception e) when (Unwrap(e) is DeepDreamException user)
        {
            Console.Error.WriteLine($"deepdream: {user.Message}");
            return Failure;
        }
        catch (Exception e) when (Unwrap(e) is UsageException usage)
        {
            Console.Error.WriteLine($"deepdream: {usage.Message} (see 'deepdream --help')");
            return UsageError;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("DEEPDREAM_DEBUG") is null)
        {
            var inner = Unwrap(e);
            Console.Error.WriteLine($"deepdream: internal error ({inner.GetType().Name}: {inner.Message.Split('\n')[0]}); set DEEPDREAM_DEBUG=1 for details and please report it");
            return Failure;
        }
    }

    static Exception Unwrap(Exception e) => e is AggregateException { InnerException: { } inner } ? Unwrap(inner) : e;
}

/// <summary>Options that parse but make no sense together or out of range: exit code 2.</summary>
sealed class UsageException(string message) : Exception(message);
