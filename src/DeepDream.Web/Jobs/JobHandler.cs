using DeepDream.Requests;

namespace DeepDream.Web.Jobs;

/// <summary>
/// A kind of job typed by its request: how the request reads from a form, keeps its inputs and runs. The stored JSON,
/// the form's fields and the API's view of it all come from the request's declared options.
/// </summary>
/// <param name="route">Where a request queues one, under /api ("dreams").</param>
/// <param name="summary">What the API description says of that path, beside the option fields it lists.</param>
public abstract class JobHandler<TRequest>(JobKind kind, string route, string summary, Upload upload) : IJobHandler where TRequest : class
{
    public JobKind Kind => kind;
    public string Route => route;
    public string Summary => summary;
    public Upload Upload => upload;

    public virtual OptionSpecs Fields => OptionSpecs.Of(typeof(TRequest));

    /// <inheritdoc cref="IJobHandler.Read"/>
    public abstract TRequest Read(OptionFields form);

    /// <inheritdoc cref="IJobHandler.Existing"/>
    public virtual ExistingWork? Existing(TRequest request, IJobStore store) => null;

    /// <inheritdoc cref="IJobHandler.SaveInputAsync"/>
    public abstract Task<TRequest> SaveInputAsync(OptionFields form, TRequest request, string folder, EarlierJobs earlier, CancellationToken cancel);

    /// <inheritdoc cref="IJobHandler.Run"/>
    public abstract string Run(JobWork<TRequest> work);

    /// <summary>The request of a job stored before requests were typed (<see cref="StoredRequest.Legacy"/>); a kind newer than that has none.</summary>
    protected virtual TRequest Legacy(LegacyOptions stored) => throw new DeepDreamException($"a {Kind} job's stored options are of no version this studio reads");

    object IJobHandler.Read(OptionFields form) => Read(form);
    ExistingWork? IJobHandler.Existing(object request, IJobStore store) => Existing((TRequest)request, store);
    async Task<object> IJobHandler.SaveInputAsync(OptionFields form, object request, string folder, EarlierJobs earlier, CancellationToken cancel) =>
        await SaveInputAsync(form, (TRequest)request, folder, earlier, cancel);
    string IJobHandler.Store(object request) => StoredRequest.Write(Kind, (TRequest)request);
    object IJobHandler.Stored(string json) => StoredRequest.Read(Kind, json, Legacy);
    string IJobHandler.Run(JobWork work) => Run(new JobWork<TRequest>(work, (TRequest)work.Request));
}
