using Microsoft.AspNetCore.DataProtection;

namespace DeepDream.Web.Security;

/// <summary>
/// The page's anti-forgery token: its owner id, protected for this purpose. Another site may get a browser to send
/// the owner cookie, but cannot read the token (GET /api/session answers the page's own origin only), so a browser's
/// request that changes something must carry it in <see cref="Header"/>.
/// </summary>
public sealed class CsrfTokens(IDataProtectionProvider protection)
{
    public const string Header = "X-CSRF-Token";

    readonly IDataProtector protector = protection.CreateProtector("DeepDream.Web.CsrfToken");

    public string For(string owner) => protector.Protect(owner);

    public bool Valid(string? token, string owner) => protector.TryUnprotect(token) == owner;
}
