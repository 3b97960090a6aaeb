using Microsoft.AspNetCore.Http;

namespace DeepDream.Web.Jobs;

/// <summary>
/// One kind of job, end to end: the API path that queues it, the options and the file a request for it
/// carries, and how it runs in its folder. The endpoints and the runner know the kinds only through this.
/// </summary>
public interface IJobHandler
{
    JobKind Kind { get; }

    /// <summary>Where a request queues one, under /api ("dreams").</summary>
    string Route { get; }

    /// <summary>What the API description says of that path.</summary>
    string Summary { get; }

    /// <summary>The file a request carries, and how large it may be (<see cref="Upload.None"/>: option fields only).</summary>
    Upload Upload { get; }

    /// <summary>
    /// Reads the option fields and checks each option's rule, then the studio's caps; a problem is a
    /// DeepDreamException whose message the API returns as a 400.
    /// </summary>
    JobOptions ReadOptions(OptionFields form);

    /// <summary>
    /// The answer to a request for what is already made or being made, instead of a new job that would make it
    /// again; null: queue a new job.
    /// </summary>
    IResult? Existing(JobOptions options, IJobStore store) => null;

    /// <summary>
    /// Keeps the request's input in the new job's folder, with a picture of it as <see cref="ImageInput.FileName"/>
    /// (a clip's picture is its first frame, which only the worker decodes);
    /// a problem is a DeepDreamException whose message the API returns as a 400. <paramref name="cancel"/> is the
    /// request's: a client that goes away stops the work done for it.
    /// </summary>
    Task SaveInputAsync(IFormCollection form, JobOptions options, string folder, EarlierJobs earlier, CancellationToken cancel);

    /// <summary>Runs the job in its folder (again, after a restart); returns the result's file name there.</summary>
    string Run(JobWork work);
}
