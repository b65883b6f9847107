namespace Chapp.Grains;

/// <summary>The user's room list: joining, leaving, and the copy of each room's name kept for the inbox.</summary>
public sealed partial class UserGrain
{
    private string UserName => state.State.Account?.UserName ?? NormalizedName;

    /// <inheritdoc />
    public async Task JoinRoom(string roomId)
    {
        ChatRules.RoomId(roomId);
        // The list is what mentions are counted against, so only a room the user may read gets into it.
        var info = await GrainFactory.GetRoom(roomId).GetInfo();
        if (info is null || !info.Admits(UserName))
        {
            throw new ChatException(ChatErrorCode.RoomNotFound, $"There is no room '{roomId}'.");
        }

        if (state.State.Rooms.Contains(roomId))
        {
            // Opening a room refreshes the user's copy of its name: how public rooms' renames reach the inbox.
            await Refresh(roomId, info);
            return;
        }

        if (state.State.Rooms.Count >= MaxRooms)
        {
            // Named, because the one refused may be the other member of a conversation someone is opening.
            throw new ChatException(ChatErrorCode.Invalid,
                $"The room list of {UserName} is full ({MaxRooms} rooms). Leave a room to add another.");
        }

        state.State.Rooms.Add(roomId);
        // What was said before the user came counts as read: joining Lobby must not greet them with its whole history.
        state.State.Inbox[roomId] = new InboxRoomState { ReadSeq = info.LastSeq };
        Copy(info, state.State.Inbox[roomId]);
        var record = Record(UserEventKinds.Joined, roomId);
        await state.WriteStateAsync();
        await Publish(record);
    }

    /// <inheritdoc />
    public async Task LeaveRoom(string roomId)
    {
        if (!state.State.Rooms.Remove(roomId))
        {
            return;
        }

        state.State.Inbox.Remove(roomId);
        var record = Record(UserEventKinds.Left, roomId);
        await state.WriteStateAsync();
        await Publish(record);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetRooms() => Task.FromResult<IReadOnlyList<string>>(state.State.Rooms.ToArray());

    /// <inheritdoc />
    public async Task RoomChanged(string roomId)
    {
        if (!state.State.Rooms.Contains(roomId))
        {
            return;
        }

        var info = await GrainFactory.GetRoom(roomId).GetInfo();
        if (info is null || !info.Admits(UserName))
        {
            // No longer readable (say, removed from a group): it leaves the list.
            await LeaveRoom(roomId);
            return;
        }

        await Refresh(roomId, info);
    }

    private async Task Refresh(string roomId, RoomInfo info)
    {
        var room = state.State.Inbox.GetValueOrDefault(roomId);
        if (room is not null && room.Name == info.Name && room.Kind == info.Kind && room.Topic == TopicOf(info)
            && room.Label == RoomLabels.For(info, UserName))
        {
            return;
        }

        // A list made before the inbox existed has no copy yet: it is made here without an event of its own.
        var missing = room is null;
        room ??= state.State.Inbox[roomId] = new InboxRoomState { ReadSeq = info.LastSeq };
        Copy(info, room);
        var record = missing ? null : Record(UserEventKinds.Room, roomId);
        await state.WriteStateAsync();
        if (record is not null)
        {
            await Publish(record);
        }
    }

    private void Copy(RoomInfo info, InboxRoomState room)
    {
        room.Name = info.Name;
        room.Label = RoomLabels.For(info, UserName);
        room.Kind = info.Kind;
        room.Topic = TopicOf(info);
    }

    private static string? TopicOf(RoomInfo info) => string.IsNullOrEmpty(info.Topic) ? null : info.Topic;
}
