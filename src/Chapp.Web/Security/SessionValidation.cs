using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace Chapp.Web.Security;

/// <summary>
/// Checks the sign-in cookie against the account's security stamp, which log-out rotates. Page requests use
/// Identity's <see cref="SecurityStampValidator"/> (at most once per <see cref="SessionCheckOptions.ValidationInterval"/>);
/// a hub request is checked every time, because the connection it opens may live for hours, against the stamp
/// <see cref="SecurityStamps"/> keeps for at most <see cref="SessionCheckOptions.HubStampCacheTime"/>.
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

        // No scoped Identity services here: a hub request only needs the stamp, and thousands arrive when a room reconnects.
        var stamps = context.HttpContext.RequestServices.GetRequiredService<SecurityStamps>();
        if (context.Principal is null || !await stamps.IsCurrentAsync(context.Principal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }
}
