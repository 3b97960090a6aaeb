using DeepDream.Dreaming;
using DeepDream.Requests;

namespace DeepDream.Web.Jobs;

/// <summary>Where a request keeps its dream options (to read them and set their guide) and the input it dreams on.</summary>
public sealed record DreamSlot<TRequest>(Func<TRequest, DreamOptions> Get, Func<TRequest, DreamOptions, TRequest> With, Func<TRequest, InputFile, TRequest> WithSubject);

/// <summary>
/// A kind of job that dreams on its input (a dream, a zoom, a clip, a looks sheet): its request holds dream options,
/// which may take a guide image and get the studio's checks of models, objectives and layers.
/// </summary>
public abstract class DreamingJobHandler<TRequest>(JobKind kind, string route, string summary, Upload upload, GuideInput guides, DreamSlot<TRequest> dream)
    : JobHandler<TRequest>(kind, route, summary, upload) where TRequest : class, IOptions, new()
{
    /// <summary>Sets what the studio decides, not the request (a clip's size), before the checks.</summary>
    protected virtual TRequest Complete(TRequest request) => request;

    /// <summary>What the kind checks beyond its options' declarations and the dream's checks.</summary>
    protected virtual void Check(TRequest request) { }

    /// <summary>Keeps the input dreamed on (a photo, a clip) in the job's folder; returns it by its content.</summary>
    protected abstract Task<InputFile> SaveSubjectAsync(OptionFields form, TRequest request, string folder, EarlierJobs earlier, CancellationToken cancel);

    public sealed override TRequest Read(OptionFields form)
    {
        var request = form.Read<TRequest>(r => Complete(dream.With(r, dream.Get(r) with { Guide = GuideInput.Read(form) })));
        StudioCaps.Check(dream.Get(request));
        Check(request);
        return request;
    }

    public sealed override async Task<TRequest> SaveInputAsync(OptionFields form, TRequest request, string folder, EarlierJobs earlier, CancellationToken cancel)
    {
        var subject = await SaveSubjectAsync(form, request, folder, earlier, cancel);
        var guide = await guides.SaveAsync(form, dream.Get(request), folder, cancel);
        return dream.With(dream.WithSubject(request, subject), dream.Get(request) with { Guide = guide });
    }

    /// <summary>The request's dream options as the library takes them (<see cref="JobWork.Resolved"/>).</summary>
    protected DreamOptions Dream(JobWork<TRequest> work) => work.Resolved(dream.Get(work.Request));
}

/// <summary>A kind of job that dreams on a photo: the upload in 'image', or an earlier job's.</summary>
public abstract class PhotoJobHandler<TRequest>(JobKind kind, string route, string summary, ImageInput images, GuideInput guides, DreamSlot<TRequest> dream)
    : DreamingJobHandler<TRequest>(kind, route, summary, images.Upload, guides, dream) where TRequest : class, IOptions, new()
{
    protected sealed override Task<InputFile> SaveSubjectAsync(OptionFields form, TRequest request, string folder, EarlierJobs earlier, CancellationToken cancel) =>
        images.SaveAsync(form, folder, earlier, cancel);
}
