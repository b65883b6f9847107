namespace Chapp.Grains;

/// <summary>
/// Who is in a room right now, held in memory only: each web process reports the users it has connected to the
/// room, and the grain publishes the union (<see cref="RoomPresence"/>) on the room's side stream
/// (<see cref="RoomSideStream"/>) when it changes.
/// Get one with <see cref="ChappGrainFactoryExtensions.GetRoomPresence"/>.
/// </summary>
[Alias("Chapp.IRoomPresenceGrain")]
public interface IRoomPresenceGrain : IGrainWithStringKey
{
    /// <summary>
    /// Replaces what <paramref name="processId"/> reported before with <paramref name="userNames"/> (empty: the process
    /// has nobody in the room). A report not refreshed within <see cref="PresenceOptions.Expiry"/> runs out.
    /// </summary>
    [Alias("Report")]
    Task Report(string processId, IReadOnlyList<string> userNames);

    /// <summary>The users in the room now, distinct, in alphabetical order.</summary>
    [Alias("Get")]
    Task<IReadOnlyList<string>> Get();
}
