namespace Chapp.Grains;

/// <summary>
/// A room's name, topic or members changed. Published by the room grain on
/// the room's side stream (<see cref="RoomSideStream"/>) after the change is stored; it carries the
/// whole new description, so the latest one received is the truth and a lost one is repaired by the next.
/// </summary>
[GenerateSerializer, Immutable, Alias("Chapp.RoomChanged")]
public sealed record RoomChanged(
    [property: Id(0)] string RoomId,
    [property: Id(1)] string Name,
    [property: Id(2)] RoomKind Kind,
    [property: Id(3)] string Topic,
    [property: Id(4)] IReadOnlyList<string> Members) : IRoomSideEvent;
