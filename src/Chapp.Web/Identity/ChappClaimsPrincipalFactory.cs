using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Chapp.Web.Identity;

/// <summary>Adds the display name to the sign-in cookie so sending a message needs no account lookup.</summary>
public sealed class ChappClaimsPrincipalFactory(UserManager<ChappUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ChappUser>(users, options)
{
    /// <summary>The claim type that carries <see cref="ChappUser.DisplayName"/>.</summary>
    public const string DisplayNameClaim = "chapp:display_name";

    /// <inheritdoc />
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ChappUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(DisplayNameClaim, user.DisplayName));
        return identity;
    }
}
