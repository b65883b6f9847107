using Microsoft.Extensions.Logging;

namespace Chapp.Grains;

/// <summary>
/// Who is in a room and what it is about: group conversations (made, added to, left), and the topic. The room grain
/// is the one owner of a private room's members; the members' room lists (user grains) are kept in step from here.
/// </summary>
public sealed partial class ChatRoomGrain
{
    private bool IsGroup => _state.State.Kind == RoomKind.Private && GroupRooms.IsGroupRoomId(_roomId);

    /// <inheritdoc />
    public async Task<RoomInfo> CreateGroup(string name, string createdBy, IReadOnlyList<string> members)
    {
        if (!GroupRooms.IsGroupRoomId(_roomId))
        {
            throw Invalid("A group conversation's address is made by Chapp: 'grp-' and 32 random hex digits.");
        }

        createdBy = ChatRules.UserName(createdBy);
        var requested = (members ?? []).Select(ChatRules.UserName).Prepend(createdBy)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (requested.Count is < ChatRules.MinGroupSize or > ChatRules.MaxGroupSize)
        {
            throw Invalid($"A group conversation has {ChatRules.MinGroupSize} to {ChatRules.MaxGroupSize} people: you and " +
                $"{ChatRules.MinGroupSize - 1} to {ChatRules.MaxGroupSize - 1} others.");
        }

        var people = await Accounts(requested);
        name = string.IsNullOrWhiteSpace(name) ? DefaultGroupName(people) : ChatRules.RoomName(name);

        await _writes.WaitAsync();
        try
        {
            if (_state.RecordExists)
            {
                // A form sent twice reaches the same address with the same creator; nobody else gets in this way.
                return IsGroup && string.Equals(_state.State.CreatedBy, people[0], StringComparison.OrdinalIgnoreCase)
                    ? Info()
                    : throw Invalid("This group address is taken. Start the group again.");
            }

            _state.State = new ChatRoomState
            {
                Name = name,
                Kind = RoomKind.Private,
                CreatedBy = people[0],
                CreatedAt = _clock.GetUtcNow(),
                Members = people,
                NextSeq = _lastSeq + 1,
            };
            try
            {
                await _state.WriteStateAsync();
            }
            catch
            {
                _state.State = new ChatRoomState();
                throw;
            }
        }
        finally
        {
            _writes.Release();
        }

        await AddToRoomLists(people);
        return Info();
    }

    /// <inheritdoc />
    public async Task<RoomInfo> AddMembers(string by, IReadOnlyList<string> userNames)
    {
        by = ChatRules.UserName(by);
        RequireReader(by);
        if (!IsGroup)
        {
            throw Invalid(_state.State.Kind == RoomKind.Public
                ? "Anyone can join a public room: send them its address."
                : "A direct conversation is between two people. Start a group conversation to talk with more.");
        }

        var requested = (userNames ?? []).Select(ChatRules.UserName).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (requested.Count == 0 || requested.Count > ChatRules.MaxGroupSize)
        {
            throw Invalid($"Name 1 to {ChatRules.MaxGroupSize - 1} people to add.");
        }

        var people = await Accounts(requested);
        List<string> added = [];
        await Change(state =>
        {
            RequireReader(by); // they may have left while the accounts were looked up
            added = people.Where(p => !state.Members.Contains(p, StringComparer.OrdinalIgnoreCase)).ToList();
            if (state.Members.Count + added.Count > ChatRules.MaxGroupSize)
            {
                throw Invalid($"A group conversation holds at most {ChatRules.MaxGroupSize} people; this one has {state.Members.Count}.");
            }

            state.Members.AddRange(added);
            return added.Count > 0;
        });

        if (added.Count > 0)
        {
            await PublishChange();
            await AddToRoomLists(added);
        }

        return Info();
    }

    /// <inheritdoc />
    public async Task Leave(string userName)
    {
        userName = ChatRules.UserName(userName);
        RequireReader(userName);
        if (IsGroup && await Change(state => state.Members.RemoveAll(m => string.Equals(m, userName, StringComparison.OrdinalIgnoreCase)) > 0))
        {
            // Every web process drops the leaver's connections from the room when this arrives.
            await PublishChange();
        }

        // A public room or a direct conversation (whose two members are fixed by its address) only leaves the list.
        await GrainFactory.GetUser(userName).LeaveRoom(_roomId);
    }

    /// <inheritdoc />
    public async Task<RoomInfo> SetTopic(string by, string topic)
    {
        by = ChatRules.UserName(by);
        RequireReader(by);
        topic = ChatRules.Topic(topic);
        if (await Change(state =>
            {
                var changed = !string.Equals(state.Topic, topic, StringComparison.Ordinal);
                state.Topic = topic;
                return changed;
            }))
        {
            await PublishChange();
            if (_state.State.Kind == RoomKind.Public)
            {
                // Public rooms keep no members to tell: readers' inboxes take the topic from the directory's copy.
                await GrainFactory.GetRoomDirectory().SetTopic(_roomId, topic);
            }
        }

        return Info();
    }

    // The canonical names of accounts, in the order asked; an unknown name is refused by name.
    private async Task<List<string>> Accounts(List<string> userNames)
    {
        var accounts = await Task.WhenAll(userNames.Select(n => GrainFactory.GetUser(n).GetAccount()));
        for (var i = 0; i < accounts.Length; i++)
        {
            if (accounts[i] is null)
            {
                throw Invalid($"There is no user '{userNames[i]}'.");
            }
        }

        return accounts.Select(a => a!.UserName).ToList();
    }

    private static string DefaultGroupName(List<string> people)
    {
        var name = string.Join(", ", people);
        return name.Length <= ChatRules.MaxRoomNameLength ? name : name[..(ChatRules.MaxRoomNameLength - 1)] + "…";
    }

    // Members see the group in their room list without opening it; a full list only means they open it by its address.
    private Task AddToRoomLists(IEnumerable<string> people) => Task.WhenAll(people.Select(async person =>
    {
        try
        {
            await GrainFactory.GetUser(person).JoinRoom(_roomId);
        }
        catch (ChatException error)
        {
            LogListNotUpdated(error, _roomId, person);
        }
    }));

    // Applies a change under the write gate and stores it; false (nothing written) when it changed nothing. A failed
    // write is undone in memory and the activation is dropped, since its etag may no longer match the stored row.
    private async Task<bool> Change(Func<ChatRoomState, bool> apply)
    {
        await _writes.WaitAsync();
        try
        {
            var members = _state.State.Members.ToList();
            var topic = _state.State.Topic;
            if (!apply(_state.State))
            {
                return false;
            }

            try
            {
                await _state.WriteStateAsync();
            }
            catch (Exception error)
            {
                _state.State.Members = members;
                _state.State.Topic = topic;
                LogChangeFailed(error, _roomId);
                DeactivateOnIdle();
                throw new ChatException(ChatErrorCode.Unavailable, "The change could not be saved now. Try again.");
            }

            return true;
        }
        finally
        {
            _writes.Release();
        }
    }

    private async Task PublishChange()
    {
        // The members' sidebars hear of it through their inboxes, also where the room is not open. Not awaited: each
        // inbox reads the room back, which waits for this turn to end. Public rooms keep no member list: their
        // readers see the change when they open the room.
        if (_state.State.Kind == RoomKind.Private)
        {
            foreach (var member in _state.State.Members)
            {
                GrainFactory.GetUserInbox(member).RoomChanged(_roomId).Ignore();
            }
        }

        try
        {
            await _changes!.OnNextAsync(new RoomChanged(_roomId, _state.State.Name, _state.State.Kind, _state.State.Topic,
                _state.State.Members.ToArray()));
        }
        catch (Exception error)
        {
            // Stored already; the room page shows the change on its next load.
            LogChangePublishFailed(error, _roomId);
        }
    }

    private static ChatException Invalid(string message) => new(ChatErrorCode.Invalid, message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {RoomId} is not in the room list of {UserName}")]
    private partial void LogListNotUpdated(Exception error, string roomId, string userName);

    [LoggerMessage(Level = LogLevel.Error, Message = "Room {RoomId} could not store a change of members or topic")]
    private partial void LogChangeFailed(Exception error, string roomId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {RoomId} stored but could not publish a change of members or topic")]
    private partial void LogChangePublishFailed(Exception error, string roomId);
}
