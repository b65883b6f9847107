using System.Security.Claims;

namespace Chapp.Web.Identity;

/// <summary>Reads Chapp's user from the sign-in cookie's claims.</summary>
public static class ClaimsPrincipalExtensions
{
    /// <summary>The signed-in user's name (as typed at sign-up); throws when nobody is signed in.</summary>
    public static string UserName(this ClaimsPrincipal user) =>
        user.Identity?.Name ?? throw new InvalidOperationException("No user is signed in.");

    /// <summary>The signed-in user's display name, or the user name.</summary>
    public static string DisplayName(this ClaimsPrincipal user) =>
        user.FindFirstValue(ChappClaimsPrincipalFactory.DisplayNameClaim) is { Length: > 0 } name ? name : user.UserName();
}
