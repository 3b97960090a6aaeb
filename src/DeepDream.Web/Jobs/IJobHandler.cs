using DeepDream.Requests;

namespace DeepDream.Web.Jobs;

/// <summary>
/// One kind of job, end to end, as the endpoints and the runner see it: they know the kinds only through this.
/// A kind is written as a <see cref="JobHandler{TRequest}"/>, typed by its request, and registered in one line.
/// </summary>
public interface IJobHandler
{
    JobKind Kind { get; }

    /// <summary>Where a request queues one, under /api ("dreams").</summary>
    string Route { get; }

    /// <summary>What the API description says of that path, beside the option fields it lists.</summary>
    string Summary { get; }

    /// <summary>The file a request carries, and how large it may be (<see cref="Upload.None"/>: option fields only).</summary>
    Upload Upload { get; }

    /// <summary>The declared options a request's fields set: the form binder's, the API view's and the OpenAPI schema's.</summary>
    OptionSpecs Fields { get; }

    /// <summary>
    /// Reads and checks a request (each option's rule, then the studio's caps, then what the kind needs); a problem is a
    /// DeepDreamException whose message the API returns as a 400.
    /// </summary>
    object Read(OptionFields form);

    /// <summary>What is already made or being made for an equal request, instead of a new job that would make it again; null: queue one.</summary>
    ExistingWork? Existing(object request, IJobStore store);

    /// <summary>
    /// Keeps the request's inputs in the new job's folder, with a picture of it as <see cref="ImageInput.FileName"/> (a
    /// clip's picture is its first frame, which only the worker decodes), and returns the request naming them by their
    /// content; a problem is a DeepDreamException. <paramref name="cancel"/> is the request's: a client that goes away
    /// stops the work done for it.
    /// </summary>
    Task<object> SaveInputAsync(OptionFields form, object request, string folder, EarlierJobs earlier, CancellationToken cancel);

    /// <summary>The JSON kept in the job's row.</summary>
    string Store(object request);

    /// <summary>Reads what <see cref="Store"/> wrote, or what the studio stored before requests were typed.</summary>
    object Stored(string json);

    /// <summary>Runs the job in its folder (again, after a restart); returns the result's file name there.</summary>
    string Run(JobWork work);
}

/// <summary>What an equal request finds instead of a new job.</summary>
public abstract record ExistingWork;

/// <summary>The finished result itself (a cached sheet), shown as it is.</summary>
public sealed record ExistingResult(object Result) : ExistingWork;

/// <summary>A job already queued or running that makes it.</summary>
public sealed record ExistingJob(string Id) : ExistingWork;
