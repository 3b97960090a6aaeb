using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;

namespace DeepDream.Web.Security;

/// <summary>
/// A browser's owner id, kept in a cookie the key ring encrypts and signs: a visitor can neither read it as anything
/// but noise nor make up another's. It lasts a year, so a browser finds its gallery again.
/// </summary>
public sealed class OwnerCookie(IDataProtectionProvider protection)
{
    public const string Name = "deepdream-owner";

    readonly IDataProtector protector = protection.CreateProtector("DeepDream.Web.OwnerCookie");

    /// <summary>The owner the request's cookie names; null without a cookie this studio made.</summary>
    public string? Read(HttpRequest request) => protector.TryUnprotect(request.Cookies[Name]);

    /// <summary>A new owner, given to the browser with the response.</summary>
    public string Issue(HttpContext context)
    {
        var owner = "web-" + RandomNumberGenerator.GetHexString(32, lowercase: true);
        context.Response.Cookies.Append(Name, protector.Protect(owner), new CookieOptions
        {
            // Scripts on the page never need it; another site's requests never carry it; over https it never travels in clear.
            HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = context.Request.IsHttps, Path = "/", MaxAge = TimeSpan.FromDays(365),
        });
        return owner;
    }
}
