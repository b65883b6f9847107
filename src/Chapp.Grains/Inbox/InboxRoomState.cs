namespace Chapp.Grains;

/// <summary>
/// What a user grain keeps per room of the list: how to show it (a copy of the room's name, kind and topic, refreshed
/// whenever the user opens the room or the room reports a change) and the user's reading: the read position and the
/// seqs of unread messages that named the user.
/// </summary>
[GenerateSerializer, Alias("Chapp.InboxRoomState")]
public sealed class InboxRoomState
{
    /// <summary>The room's display name.</summary>
    [Id(0)] public string Name { get; set; } = string.Empty;

    /// <summary>Public room or private conversation.</summary>
    [Id(1)] public RoomKind Kind { get; set; }

    /// <summary>The room's topic, when it has one.</summary>
    [Id(2)] public string? Topic { get; set; }

    /// <summary>The last seq the user has read; only ever grows.</summary>
    [Id(3)] public long ReadSeq { get; set; }

    /// <summary>Seqs above <see cref="ReadSeq"/> that mention the user, ascending, at most <see cref="UserGrain.MaxMentionsPerRoom"/>.</summary>
    [Id(4)] public List<long> Mentions { get; set; } = [];

    /// <summary>What the user calls the room (<see cref="RoomLabels.For"/>); empty in copies made before labels were kept.</summary>
    [Id(5)] public string Label { get; set; } = string.Empty;
}
