namespace Chapp.Grains;

/// <summary>
/// One row of a room's log: a message or an event that changed one (<see cref="Kind"/>). Its <see cref="Seq"/> is
/// the room's gap-free sequence number, shared by messages and events.
/// </summary>
/// <remarks>
/// A <see cref="RoomEventKind.Message"/> is read in its current state: <see cref="Text"/> as last edited ("" once
/// deleted), <see cref="EditedAt"/>, <see cref="Deleted"/>, <see cref="Reactions"/>, and <see cref="ChangedSeq"/>, the
/// seq of the last event applied to it. An event row names its message in <see cref="TargetSeq"/>, its actor in
/// <see cref="Author"/>, and carries the message's whole state after the event (text, edited time, deleted flag,
/// reactions), so applying it is a plain "set": a client ignores an event whose seq is not above the message's
/// <see cref="ChangedSeq"/>.
/// </remarks>
[GenerateSerializer, Immutable, Alias("Chapp.ChatMessage")]
public sealed record ChatMessage(
    [property: Id(0)] string RoomId,
    [property: Id(1)] long Seq,
    [property: Id(2)] Guid Id,
    [property: Id(3)] string Author,
    [property: Id(4)] string AuthorName,
    [property: Id(5)] string Text,
    [property: Id(6)] DateTimeOffset SentAt,
    [property: Id(7)] string ClientMessageId,
    [property: Id(8)] RoomEventKind Kind = RoomEventKind.Message,
    [property: Id(9)] long TargetSeq = 0,
    [property: Id(10)] DateTimeOffset? EditedAt = null,
    [property: Id(11)] bool Deleted = false,
    [property: Id(12)] IReadOnlyList<MessageReaction>? Reactions = null,
    [property: Id(13)] long ChangedSeq = 0)
{
    /// <summary>True for a message row, false for an event row.</summary>
    public bool IsMessage => Kind == RoomEventKind.Message;

    /// <summary>A message as the event row <paramref name="change"/> (which targets it) leaves it.</summary>
    public ChatMessage With(ChatMessage change) => this with
    {
        Text = change.Text,
        EditedAt = change.EditedAt,
        Deleted = change.Deleted,
        Reactions = change.Reactions,
        ChangedSeq = change.Seq,
    };
}
