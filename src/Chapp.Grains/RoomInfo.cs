namespace Chapp.Grains;

/// <summary>What is known about a room apart from its messages.</summary>
[GenerateSerializer, Immutable, Alias("Chapp.RoomInfo")]
public sealed record RoomInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] RoomKind Kind,
    [property: Id(3)] string CreatedBy,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] IReadOnlyList<string> Members,
    [property: Id(6)] long LastSeq,
    [property: Id(7)] string Topic = "")
{
    /// <summary>True for a group conversation (a private room of 3 to 20 people that members can add to and leave).</summary>
    public bool IsGroup => Kind == RoomKind.Private && GroupRooms.IsGroupRoomId(Id);

    /// <summary>True when <paramref name="userName"/> may read and post here.</summary>
    public bool Admits(string userName) =>
        Kind == RoomKind.Public || Members.Contains(userName, StringComparer.OrdinalIgnoreCase);
}
