namespace Chapp.Grains;

/// <summary>One stored chat message. Its <see cref="Seq"/> is the room's gap-free sequence number.</summary>
[GenerateSerializer, Immutable, Alias("Chapp.ChatMessage")]
public sealed record ChatMessage(
    [property: Id(0)] string RoomId,
    [property: Id(1)] long Seq,
    [property: Id(2)] Guid Id,
    [property: Id(3)] string Author,
    [property: Id(4)] string AuthorName,
    [property: Id(5)] string Text,
    [property: Id(6)] DateTimeOffset SentAt,
    [property: Id(7)] string ClientMessageId);
