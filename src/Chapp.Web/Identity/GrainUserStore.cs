using Chapp.Grains;
using Chapp.Web.Security;
using Microsoft.AspNetCore.Identity;

namespace Chapp.Web.Identity;

/// <summary>
/// Keeps Identity's users in the user grains. Each user is one grain keyed by the normalized name, so the grain key
/// makes names unique and the grain's concurrency-stamp check makes updates safe without a database transaction.
/// Every change it makes drops the process's kept copy of the account's security stamp (<see cref="SecurityStamps"/>).
/// </summary>
public sealed class GrainUserStore(IGrainFactory grains, SecurityStamps stamps) :
    IUserPasswordStore<ChappUser>,
    IUserSecurityStampStore<ChappUser>,
    IUserLockoutStore<ChappUser>
{
    /// <inheritdoc />
    public Task<string> GetUserIdAsync(ChappUser user, CancellationToken cancellationToken) => Task.FromResult(user.Id);

    /// <inheritdoc />
    public Task<string?> GetUserNameAsync(ChappUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.UserName);

    /// <inheritdoc />
    public Task SetUserNameAsync(ChappUser user, string? userName, CancellationToken cancellationToken)
    {
        user.UserName = userName ?? string.Empty;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<string?> GetNormalizedUserNameAsync(ChappUser user, CancellationToken cancellationToken) =>
        Task.FromResult<string?>(user.NormalizedUserName);

    /// <inheritdoc />
    public Task SetNormalizedUserNameAsync(ChappUser user, string? normalizedName, CancellationToken cancellationToken)
    {
        user.NormalizedUserName = normalizedName ?? string.Empty;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<IdentityResult> CreateAsync(ChappUser user, CancellationToken cancellationToken)
    {
        try
        {
            if (!await grains.GetUser(user.UserName).Register(ToAccount(user)))
            {
                return IdentityResult.Failed(new IdentityErrorDescriber().DuplicateUserName(user.UserName));
            }
        }
        catch (ChatException error)
        {
            return IdentityResult.Failed(new IdentityError { Code = error.Code.ToString(), Description = error.Message });
        }

        // The name may have been an account once (deleted since): its old "no account" must not outlive it here.
        stamps.Forget(user.Id);
        return IdentityResult.Success;
    }

    /// <inheritdoc />
    public async Task<IdentityResult> UpdateAsync(ChappUser user, CancellationToken cancellationToken)
    {
        var expected = user.ConcurrencyStamp;
        var next = Guid.NewGuid().ToString();
        if (!await grains.GetUser(user.UserName).Update(ToAccount(user) with { ConcurrencyStamp = next }, expected))
        {
            return IdentityResult.Failed(new IdentityErrorDescriber().ConcurrencyFailure());
        }

        user.ConcurrencyStamp = next;
        stamps.Forget(user.Id);
        return IdentityResult.Success;
    }

    /// <inheritdoc />
    public async Task<IdentityResult> DeleteAsync(ChappUser user, CancellationToken cancellationToken)
    {
        await grains.GetUser(user.UserName).Delete();
        stamps.Forget(user.Id);
        return IdentityResult.Success;
    }

    /// <inheritdoc />
    public Task<ChappUser?> FindByIdAsync(string userId, CancellationToken cancellationToken) => Find(userId);

    /// <inheritdoc />
    public Task<ChappUser?> FindByNameAsync(string normalizedUserName, CancellationToken cancellationToken) => Find(normalizedUserName);

    /// <inheritdoc />
    public Task SetPasswordHashAsync(ChappUser user, string? passwordHash, CancellationToken cancellationToken)
    {
        user.PasswordHash = passwordHash;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<string?> GetPasswordHashAsync(ChappUser user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash);

    /// <inheritdoc />
    public Task<bool> HasPasswordAsync(ChappUser user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash is not null);

    /// <inheritdoc />
    public Task SetSecurityStampAsync(ChappUser user, string stamp, CancellationToken cancellationToken)
    {
        user.SecurityStamp = stamp;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<string?> GetSecurityStampAsync(ChappUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.SecurityStamp);

    /// <inheritdoc />
    public Task<DateTimeOffset?> GetLockoutEndDateAsync(ChappUser user, CancellationToken cancellationToken) => Task.FromResult(user.LockoutEnd);

    /// <inheritdoc />
    public Task SetLockoutEndDateAsync(ChappUser user, DateTimeOffset? lockoutEnd, CancellationToken cancellationToken)
    {
        user.LockoutEnd = lockoutEnd;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<int> IncrementAccessFailedCountAsync(ChappUser user, CancellationToken cancellationToken) =>
        Task.FromResult(++user.AccessFailedCount);

    /// <inheritdoc />
    public Task ResetAccessFailedCountAsync(ChappUser user, CancellationToken cancellationToken)
    {
        user.AccessFailedCount = 0;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<int> GetAccessFailedCountAsync(ChappUser user, CancellationToken cancellationToken) => Task.FromResult(user.AccessFailedCount);

    /// <inheritdoc />
    public Task<bool> GetLockoutEnabledAsync(ChappUser user, CancellationToken cancellationToken) => Task.FromResult(user.LockoutEnabled);

    /// <inheritdoc />
    public Task SetLockoutEnabledAsync(ChappUser user, bool enabled, CancellationToken cancellationToken)
    {
        user.LockoutEnabled = enabled;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Nothing to release: the grain factory belongs to the host.
    }

    private async Task<ChappUser?> Find(string name)
    {
        // A name that breaks the rules cannot have an account; asking its grain would only throw.
        if (!IsValidUserName(name))
        {
            return null;
        }

        var account = await grains.GetUser(name).GetAccount();
        return account is null ? null : FromAccount(account);
    }

    private static bool IsValidUserName(string name)
    {
        try
        {
            ChatRules.UserName(name);
            return true;
        }
        catch (ChatException)
        {
            return false;
        }
    }

    private static UserAccount ToAccount(ChappUser user) => new(
        user.UserName, user.NormalizedUserName, user.DisplayName, user.PasswordHash, user.SecurityStamp,
        user.ConcurrencyStamp, user.LockoutEnd, user.LockoutEnabled, user.AccessFailedCount, user.CreatedAt);

    private static ChappUser FromAccount(UserAccount account) => new()
    {
        UserName = account.UserName,
        NormalizedUserName = account.NormalizedUserName,
        DisplayName = account.DisplayName,
        PasswordHash = account.PasswordHash,
        SecurityStamp = account.SecurityStamp,
        ConcurrencyStamp = account.ConcurrencyStamp,
        LockoutEnd = account.LockoutEnd,
        LockoutEnabled = account.LockoutEnabled,
        AccessFailedCount = account.AccessFailedCount,
        CreatedAt = account.CreatedAt,
    };
}
