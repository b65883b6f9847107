namespace Chapp.Grains;

/// <summary>
/// One event of a user's stream, numbered 1, 2, 3 … per user without gaps. <see cref="Kind"/> is one of
/// <see cref="UserEventKinds"/>. <see cref="Entry"/> is the room's inbox entry after the change (null for
/// <see cref="UserEventKinds.Left"/>, and in a resumed event for a room no longer in the list). <see cref="Message"/>
/// is the message that named the user, on a live <see cref="UserEventKinds.Mention"/> only (not kept for resume).
/// </summary>
[GenerateSerializer, Immutable, Alias("Chapp.UserEvent")]
public sealed record UserEvent(
    [property: Id(0)] long Seq,
    [property: Id(1)] string Kind,
    [property: Id(2)] string RoomId,
    [property: Id(3)] InboxEntry? Entry,
    [property: Id(4)] ChatMessage? Message = null);
