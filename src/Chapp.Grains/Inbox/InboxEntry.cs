namespace Chapp.Grains;

/// <summary>
/// One room in a user's inbox: what to call it, how far the room has got (<see cref="LastSeq"/>, <see cref="LastAt"/>,
/// from the message log) and how far the user has read. <see cref="Unread"/> counts the messages after <see cref="ReadSeq"/>
/// by others, not deleted, up to <see cref="RoomLast.MaxUnread"/> (edits, deletes and reactions take seqs but are not
/// unread messages, so it is not <see cref="LastSeq"/> − <see cref="ReadSeq"/>). <see cref="Kind"/> is the <see cref="RoomKind"/> name ("Public", "Private"). <see cref="Label"/> is what the
/// user calls the room (<see cref="RoomLabels"/>): clients show it as is.
/// </summary>
[GenerateSerializer, Immutable, Alias("Chapp.InboxEntry")]
public sealed record InboxEntry(
    [property: Id(0)] string RoomId,
    [property: Id(1)] string Name,
    [property: Id(2)] string Kind,
    [property: Id(3)] string? Topic,
    [property: Id(4)] long LastSeq,
    [property: Id(5)] DateTimeOffset? LastAt,
    [property: Id(6)] long ReadSeq,
    [property: Id(7)] int Mentions,
    [property: Id(8)] string Label = "",
    [property: Id(9)] int Unread = 0);
