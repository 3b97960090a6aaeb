using DeepDream.Dreaming;
using DeepDream.Requests;

namespace DeepDream.Web.Jobs;

/// <summary>
/// A kind of job that dreams on its input (a dream, a zoom, a clip, a looks sheet): its request holds dream options,
/// which may take a guide image and get the studio's checks of models, objectives and layers.
/// </summary>
public abstract class DreamingJobHandler<TRequest>(GuideInput guides) : JobHandler<TRequest> where TRequest : class, IOptions, new()
{
    /// <summary>The request's dream options.</summary>
    protected abstract DreamOptions DreamOf(TRequest request);

    protected abstract TRequest With(TRequest request, DreamOptions dream);

    /// <summary>Sets what the studio decides, not the request (a clip's size), before the checks.</summary>
    protected virtual TRequest Complete(TRequest request) => request;

    /// <summary>What the kind checks beyond its options' declarations and the dream's checks.</summary>
    protected virtual void Check(TRequest request) { }

    /// <summary>Keeps the input dreamed on (a photo, a clip) in the job's folder.</summary>
    protected abstract Task SaveSubjectAsync(OptionFields form, TRequest request, string folder, EarlierJobs earlier, CancellationToken cancel);

    public sealed override TRequest Read(OptionFields form)
    {
        var request = form.Read<TRequest>(r => Complete(With(r, DreamOf(r) with { Guide = GuideInput.Read(form) })));
        StudioCaps.Check(DreamOf(request));
        Check(request);
        return request;
    }

    public sealed override async Task SaveInputAsync(OptionFields form, TRequest request, string folder, EarlierJobs earlier, CancellationToken cancel)
    {
        await SaveSubjectAsync(form, request, folder, earlier, cancel);
        await guides.SaveAsync(form, DreamOf(request), folder, cancel);
    }
}
