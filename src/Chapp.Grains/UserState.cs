namespace Chapp.Grains;

/// <summary>What a user grain persists: the account, the rooms joined, and the inbox (reading and recent events).</summary>
[GenerateSerializer, Alias("Chapp.UserState")]
public sealed class UserState
{
    /// <summary>The account; null until registered.</summary>
    [Id(0)] public UserAccount? Account { get; set; }

    /// <summary>Room ids, in the order joined.</summary>
    [Id(1)] public List<string> Rooms { get; set; } = [];

    /// <summary>Per room of <see cref="Rooms"/>: how to show it and how far the user read.</summary>
    [Id(2)] public Dictionary<string, InboxRoomState> Inbox { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The seq of the latest user event (0: none yet).</summary>
    [Id(3)] public long EventSeq { get; set; }

    /// <summary>The latest user events, oldest first, at most <see cref="UserGrain.MaxEvents"/>.</summary>
    [Id(4)] public List<UserEventRecord> Events { get; set; } = [];
}
