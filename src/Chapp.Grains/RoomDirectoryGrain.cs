namespace Chapp.Grains;

/// <summary>The list of public rooms; see <see cref="IRoomDirectoryGrain"/>.</summary>
public sealed class RoomDirectoryGrain(
    [PersistentState("directory", ChappNames.GrainStorage)] IPersistentState<RoomDirectoryState> state) : Grain, IRoomDirectoryGrain
{
    /// <inheritdoc />
    public async Task Add(RoomSummary room)
    {
        ChatRules.RoomId(room.Id);
        if (state.State.Rooms.TryGetValue(room.Id, out var name) && name == room.Name)
        {
            return;
        }

        state.State.Rooms[room.Id] = ChatRules.RoomName(room.Name);
        await state.WriteStateAsync();
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RoomSummary>> List()
    {
        // The lobby is listed even before anyone has opened it.
        var rooms = state.State.Rooms
            .Select(r => new RoomSummary(r.Key, r.Value))
            .Append(new RoomSummary(ChappNames.LobbyRoomId, "Lobby"))
            .DistinctBy(r => r.Id)
            .OrderBy(r => r.Id == ChappNames.LobbyRoomId ? 0 : 1)
            .ThenBy(r => r.Name, StringComparer.OrdinalIgnoreCase)
            .ToArray();
        return Task.FromResult<IReadOnlyList<RoomSummary>>(rooms);
    }

    /// <inheritdoc />
    public async Task SetTopic(string roomId, string topic)
    {
        ChatRules.RoomId(roomId);
        topic = ChatRules.Topic(topic);
        if (state.State.Topics.TryGetValue(roomId, out var known) && known == topic)
        {
            return;
        }

        state.State.Topics[roomId] = topic;
        await state.WriteStateAsync();
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, string>> Topics(IReadOnlyCollection<string> roomIds)
    {
        var topics = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in roomIds)
        {
            if (state.State.Topics.TryGetValue(id, out var topic))
            {
                topics[id] = topic;
            }
        }

        return Task.FromResult<IReadOnlyDictionary<string, string>>(topics);
    }
}
