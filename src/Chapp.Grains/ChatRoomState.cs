namespace Chapp.Grains;

/// <summary>
/// What a room persists as grain state: its description and where numbering continues. Deliberately small:
/// the messages live in the <see cref="IMessageLog"/>, because this blob is rewritten whole on every write.
/// </summary>
[GenerateSerializer, Alias("Chapp.ChatRoomState")]
public sealed class ChatRoomState
{
    /// <summary>Display name.</summary>
    [Id(0)] public string Name { get; set; } = string.Empty;

    /// <summary>Public room or private conversation.</summary>
    [Id(1)] public RoomKind Kind { get; set; }

    /// <summary>User name of the creator ("system" for the lobby).</summary>
    [Id(2)] public string CreatedBy { get; set; } = string.Empty;

    /// <summary>When the room was created (UTC).</summary>
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Members of a private conversation or group (who may read and post); empty for public rooms.</summary>
    [Id(4)] public List<string> Members { get; set; } = [];

    /// <summary>
    /// The sequence number the next message gets, as of the last state write. The log is the truth: on activation
    /// the room continues after the larger of this and the log's last seq, so the state need not be written per post.
    /// </summary>
    [Id(5)] public long NextSeq { get; set; } = 1;

    /// <summary>What the room is about, set by its members; "" when none.</summary>
    [Id(6)] public string Topic { get; set; } = string.Empty;
}
