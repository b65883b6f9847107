using System.Collections.Concurrent;

namespace Chapp.Web.Chat.Typing;

/// <summary>
/// Which local connections typed where, and when they last got a typing notice through: at most one per second per
/// connection and room passes (<see cref="TryPass"/>), the rest are dropped. Holds nothing for a connection that never
/// typed, and uses no timers: a room where nobody types costs nothing.
/// </summary>
public sealed class TypingGate
{
    /// <summary>Least time between two notices of one connection in one room.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);

    /// <summary>How long a receiver shows a notice; a later stop is worth sending only within it.</summary>
    public static readonly TimeSpan Shown = TimeSpan.FromSeconds(5);

    // connection id -> room id -> when its last notice passed (Environment.TickCount64, ms). Each inner dictionary
    // is locked by itself; the outer entry goes when the connection closes.
    private readonly ConcurrentDictionary<string, Dictionary<string, long>> _connections = new(StringComparer.Ordinal);

    /// <summary>True when <paramref name="connectionId"/>'s notice for <paramref name="roomId"/> may go out now.</summary>
    public bool TryPass(string connectionId, string roomId, long now)
    {
        var rooms = _connections.GetOrAdd(connectionId, _ => new Dictionary<string, long>(StringComparer.Ordinal));
        lock (rooms)
        {
            if (rooms.TryGetValue(roomId, out var last) && now - last < (long)MinInterval.TotalMilliseconds)
            {
                return false;
            }

            rooms[roomId] = now;
            return true;
        }
    }

    /// <summary>
    /// Forgets that <paramref name="connectionId"/> typed in <paramref name="roomId"/> (it sent or left); true when
    /// others may still show its notice, so a stop is worth sending.
    /// </summary>
    public bool Stop(string connectionId, string roomId, long now)
    {
        if (!_connections.TryGetValue(connectionId, out var rooms))
        {
            return false;
        }

        lock (rooms)
        {
            return rooms.Remove(roomId, out var last) && now - last < (long)Shown.TotalMilliseconds;
        }
    }

    /// <summary>Forgets a closed connection; returns the rooms where others may still show its notice.</summary>
    public IReadOnlyList<string> Close(string connectionId, long now)
    {
        if (!_connections.TryRemove(connectionId, out var rooms))
        {
            return [];
        }

        lock (rooms)
        {
            return rooms.Where(room => now - room.Value < (long)Shown.TotalMilliseconds).Select(room => room.Key).ToArray();
        }
    }
}
