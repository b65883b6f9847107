namespace Chapp.Grains;

/// <summary>
/// Who is connected to a room right now, across all web processes: user names, distinct, in alphabetical order.
/// Published by <see cref="RoomPresenceGrain"/> on the room's side stream (<see cref="RoomSideStream"/>) whenever the list changes.
/// </summary>
[GenerateSerializer, Immutable, Alias("Chapp.RoomPresence")]
public sealed record RoomPresence(
    [property: Id(0)] string RoomId,
    [property: Id(1)] IReadOnlyList<string> UserNames) : IRoomSideEvent;
