using System.Collections.Concurrent;

namespace Chapp.BareHub;

/// <summary>Per-room sequence numbers and the lock that keeps numbering and sending in one order.</summary>
public sealed class RoomSequences
{
    private readonly ConcurrentDictionary<string, Room> _rooms = new(StringComparer.Ordinal);

    /// <summary>The room's counter and lock.</summary>
    public Room For(string roomId) => _rooms.GetOrAdd(roomId, _ => new Room());

    /// <summary>One room: the last number given and a lock held while a message is numbered and sent.</summary>
    public sealed class Room
    {
        /// <summary>Held from numbering to the end of the group send, so messages go out in seq order.</summary>
        public SemaphoreSlim Gate { get; } = new(1, 1);

        /// <summary>The last seq given.</summary>
        public long LastSeq { get; set; }
    }
}
