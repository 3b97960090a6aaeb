using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DeepDream.Web.Security;

/// <summary>
/// Finds the <see cref="Caller"/> of every request. On a public studio: the administrator by X-Admin-Key, a script by
/// X-Api-Key, else a browser by its owner cookie (a new owner on its first request); it refuses an unknown key, and a
/// browser's change without the page's token. On a local one, everyone is <see cref="Caller.Local"/>.
/// </summary>
public sealed class Owners(ApiKeys keys, AdminKey? admin, OwnerCookie cookies, CsrfTokens tokens)
{
    public const string ApiKeyHeader = "X-Api-Key";
    public const string AdminKeyHeader = "X-Admin-Key";

    public static void AddTo(IServiceCollection services, StudioOptions options)
    {
        if (!options.Public) return;
        KeyRing.AddTo(services, options);
        var keys = options.ApiKeysFile is null ? ApiKeys.None : ApiKeys.Read(options.ApiKeysFile);
        var admin = options.AdminKey is null ? null : new AdminKey(options.AdminKey);
        services.AddSingleton<OwnerCookie>();
        services.AddSingleton<CsrfTokens>();
        services.AddSingleton(s => new Owners(keys, admin, s.GetRequiredService<OwnerCookie>(), s.GetRequiredService<CsrfTokens>()));
    }

    public static void Use(WebApplication app, StudioOptions options)
    {
        if (options.Public) app.Use(app.Services.GetRequiredService<Owners>().IdentifyAsync);
        else app.Use((context, next) => { context.Features.Set(Caller.Local); return next(context); });
    }

    async Task IdentifyAsync(HttpContext context, RequestDelegate next)
    {
        var (caller, refusal) = Identify(context);
        if (caller is null) { await refusal!.ExecuteAsync(context); return; }
        context.Features.Set(caller);
        await next(context);
    }

    (Caller?, IResult?) Identify(HttpContext context)
    {
        var request = context.Request;
        if (request.Headers[AdminKeyHeader].FirstOrDefault() is { } adminKey)
            return admin is not null && admin.Matches(adminKey) ? (new Caller(admin.Owner, SeesAll: true, Keyed: true), null)
                : (null, Unauthorized($"the {AdminKeyHeader} is not this studio's admin key; check it, or leave the header out"));
        if (request.Headers[ApiKeyHeader].FirstOrDefault() is { } apiKey)
            return keys.Find(apiKey) is { } keyOwner ? (new Caller(keyOwner, SeesAll: false, Keyed: true), null)
                : (null, Unauthorized($"the {ApiKeyHeader} is not one of this studio's keys; ask its operator for one"));
        var owner = cookies.Read(request);
        if (ChangesState(request.Method) && (owner is null || !tokens.Valid(request.Headers[CsrfTokens.Header].FirstOrDefault(), owner)))
            return (null, Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                detail: $"a browser's request that changes jobs needs the page's {CsrfTokens.Header} header (GET /api/session gives it): reload the page, or send an {ApiKeyHeader} from a script"));
        return (new Caller(owner ?? cookies.Issue(context), SeesAll: false, Keyed: false), null);
    }

    /// <summary>Any method but a read: one the studio maps later is guarded without a change here.</summary>
    internal static bool ChangesState(string method) => !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));

    static IResult Unauthorized(string detail) => Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: detail);
}
