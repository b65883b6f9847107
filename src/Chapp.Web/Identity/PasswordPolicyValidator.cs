using Microsoft.AspNetCore.Identity;

namespace Chapp.Web.Identity;

/// <summary>
/// The password rules Identity's options cannot express, per NIST SP 800-63B: a bound on length (so hashing cost is
/// bounded, far above the 64 characters the guideline asks verifiers to accept) and no password equal to the user
/// name. The minimum length and the absence of composition rules are set in <c>IdentityHostingExtensions</c>.
/// </summary>
public sealed class PasswordPolicyValidator : IPasswordValidator<ChappUser>
{
    /// <summary>Longest password accepted.</summary>
    public const int MaxLength = 128;

    /// <inheritdoc />
    public Task<IdentityResult> ValidateAsync(UserManager<ChappUser> manager, ChappUser user, string? password)
    {
        if (password is null)
        {
            return Task.FromResult(IdentityResult.Success);
        }

        if (password.Length > MaxLength)
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordTooLong",
                Description = $"A password can be at most {MaxLength} characters long.",
            }));
        }

        // The user name is public: the first thing anyone guessing would try.
        if (user.UserName is { } userName && string.Equals(password.Trim(), userName, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordEqualsUserName",
                Description = "Your password cannot be your user name.",
            }));
        }

        return Task.FromResult(IdentityResult.Success);
    }
}
