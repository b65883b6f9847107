using Orleans.Streams;

namespace Chapp.Grains;

/// <summary>A user account and the rooms the user joined; see <see cref="IUserGrain"/>.</summary>
public sealed class UserGrain(
    [PersistentState("user", ChappNames.GrainStorage)] IPersistentState<UserState> state) : Grain, IUserGrain
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

    /// <inheritdoc />
    public async Task JoinRoom(string roomId)
    {
        ChatRules.RoomId(roomId);
        if (state.State.Rooms.Contains(roomId))
        {
            return;
        }

        if (state.State.Rooms.Count >= MaxRooms)
        {
            // Named, because the one refused may be the other member of a conversation someone is opening.
            throw new ChatException(ChatErrorCode.Invalid,
                $"The room list of {state.State.Account?.UserName ?? NormalizedName} is full ({MaxRooms} rooms). Leave a room to add another.");
        }

        state.State.Rooms.Add(roomId);
        await state.WriteStateAsync();
        await NotifyRoomsChanged();
    }

    /// <inheritdoc />
    public async Task LeaveRoom(string roomId)
    {
        if (state.State.Rooms.Remove(roomId))
        {
            await state.WriteStateAsync();
            await NotifyRoomsChanged();
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetRooms() => Task.FromResult<IReadOnlyList<string>>(state.State.Rooms.ToArray());

    private Task NotifyRoomsChanged() =>
        this.GetStreamProvider(ChappNames.StreamProvider)
            .GetStream<UserRoomsChanged>(StreamId.Create(ChappNames.UserStreamNamespace, NormalizedName))
            .OnNextAsync(new UserRoomsChanged(state.State.Account?.UserName ?? NormalizedName, state.State.Rooms.ToArray()));
}
