namespace Chapp.Grains;

/// <summary>
/// Someone is typing in a room (or stopped), as one web process tells the others of a cluster on
/// the room's side stream (<see cref="RoomSideStream"/>). Never stored. <see cref="Origin"/> names the process that already
/// told its own connections, so it skips its own notice.
/// </summary>
[GenerateSerializer, Immutable, Alias("Chapp.TypingNotice")]
public sealed record TypingNotice(
    [property: Id(0)] string RoomId,
    [property: Id(1)] string UserName,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] bool IsTyping,
    [property: Id(4)] string Origin) : IRoomSideEvent;
