using Chapp.Web.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace Chapp.Web.Security;

/// <summary>
/// Checks the sign-in cookie against the account's security stamp, which log-out rotates. Page requests use
/// Identity's <see cref="SecurityStampValidator"/> (at most once per <see cref="SessionCheckOptions.ValidationInterval"/>);
/// a hub request is checked every time, because the connection it opens may live for hours.
/// </summary>
public static class SessionValidation
{
    /// <summary>The cookie handler's <c>OnValidatePrincipal</c>.</summary>
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        if (!context.HttpContext.Request.Path.StartsWithSegments(OriginCheckMiddleware.HubPath))
        {
            await SecurityStampValidator.ValidatePrincipalAsync(context);
            return;
        }

        var signIn = context.HttpContext.RequestServices.GetRequiredService<SignInManager<ChappUser>>();
        if (await signIn.ValidateSecurityStampAsync(context.Principal) is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }
}
