namespace Chapp.Web.Chat.Presence;

/// <summary>
/// Which users have at least one connection to this web process in each room. It counts connections per user and
/// hands the room's new list to <see cref="PresenceReporter"/> when a user's first connection comes or last one goes;
/// other joins and leaves change nothing the grain needs to know.
/// </summary>
public sealed class LocalPresence(PresenceReporter reporter)
{
    // Entries are never removed: an idle entry is a few bytes, and removing one would race with a concurrent join.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Dictionary<string, int>> _rooms =
        new(StringComparer.Ordinal);

    /// <summary>Counts one more local connection of <paramref name="userName"/> in <paramref name="roomId"/>.</summary>
    public void Add(string roomId, string userName) => Count(roomId, userName, +1);

    /// <summary>Counts one local connection of <paramref name="userName"/> out of <paramref name="roomId"/>.</summary>
    public void Remove(string roomId, string userName) => Count(roomId, userName, -1);

    /// <summary>The user names with at least one local connection in <paramref name="roomId"/>, in ordinal order.</summary>
    public IReadOnlyList<string> LocalUsers(string roomId)
    {
        if (!_rooms.TryGetValue(roomId, out var users))
        {
            return [];
        }

        lock (users)
        {
            return users.Keys.Order(StringComparer.Ordinal).ToArray();
        }
    }

    private void Count(string roomId, string userName, int delta)
    {
        var users = _rooms.GetOrAdd(roomId, _ => new Dictionary<string, int>(StringComparer.Ordinal));
        lock (users)
        {
            var count = users.GetValueOrDefault(userName) + delta;
            if (count > 0)
            {
                users[userName] = count;
            }
            else
            {
                users.Remove(userName);
            }

            // Under the lock, so the reporter gets a room's lists in the order they happened.
            if ((delta > 0 && count == 1) || (delta < 0 && count == 0))
            {
                reporter.Changed(roomId, users.Keys.ToArray());
            }
        }
    }
}
