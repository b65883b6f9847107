using Microsoft.Extensions.Logging;

namespace Chapp.Grains;

/// <summary>
/// A user account, the rooms the user joined and their inbox; see <see cref="IUserGrain"/> and
/// <see cref="IUserInboxGrain"/>.
/// </summary>
public sealed partial class UserGrain(
    [PersistentState("user", ChappNames.GrainStorage)] IPersistentState<UserState> state,
    IMessageLog log,
    ILogger<UserGrain> logger) : Grain, IUserGrain, IUserInboxGrain
{
    /// <summary>Most rooms one user can have joined; keeps the state blob small.</summary>
    internal const int MaxRooms = 500;

    private string NormalizedName =>
        ChappGrainFactoryExtensions.StripPrefix(this.GetPrimaryKeyString(), ChappGrainFactoryExtensions.UserKeyPrefix);

    /// <inheritdoc />
    public async Task<bool> Register(UserAccount account)
    {
        if (state.State.Account is not null)
        {
            return false;
        }

        ChatRules.UserName(account.UserName);
        if (!string.Equals(account.NormalizedUserName, NormalizedName, StringComparison.Ordinal)
            || !string.Equals(account.UserName.ToUpperInvariant(), NormalizedName, StringComparison.Ordinal))
        {
            throw new ChatException(ChatErrorCode.Invalid, "The account does not belong to this user name.");
        }

        state.State.Account = account with { DisplayName = ChatRules.DisplayName(account.DisplayName, account.UserName) };
        await state.WriteStateAsync();
        return true;
    }

    /// <inheritdoc />
    public Task<UserAccount?> GetAccount() => Task.FromResult(state.State.Account);

    /// <inheritdoc />
    public async Task<bool> Update(UserAccount account, string expectedConcurrencyStamp)
    {
        var current = state.State.Account;
        if (current is null || !string.Equals(current.ConcurrencyStamp, expectedConcurrencyStamp, StringComparison.Ordinal))
        {
            return false;
        }

        // The name is the grain's key and cannot change; everything else can.
        state.State.Account = account with
        {
            UserName = current.UserName,
            NormalizedUserName = current.NormalizedUserName,
            // An unchanged name is kept as it is: an account made under older rules must still be able to log out.
            DisplayName = account.DisplayName == current.DisplayName
                ? current.DisplayName
                : ChatRules.DisplayName(account.DisplayName, current.UserName),
        };
        await state.WriteStateAsync();
        return true;
    }

    /// <inheritdoc />
    public async Task Delete()
    {
        await state.ClearStateAsync();
        state.State = new UserState();
    }
}
