using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Chapp.Web.Security;

/// <summary>
/// The hub connections open in this process, per user: caps how many one user may hold, and closes them all on
/// log-out. Other processes of a cluster close theirs at the next stamp check (<see cref="SessionMonitor"/>).
/// </summary>
public sealed class UserConnections
{
    private readonly ConcurrentDictionary<string, Dictionary<string, HubCallerContext>> _users = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Counts <paramref name="connection"/> in for <paramref name="userName"/>; false when they already hold <paramref name="max"/>.</summary>
    public bool TryAdd(string userName, HubCallerContext connection, int max)
    {
        for (;;)
        {
            var connections = _users.GetOrAdd(userName, _ => new Dictionary<string, HubCallerContext>(StringComparer.Ordinal));
            lock (connections)
            {
                // An emptied set may have just been dropped from the map by Remove: then take a fresh one.
                if (!_users.TryGetValue(userName, out var current) || !ReferenceEquals(current, connections))
                {
                    continue;
                }

                if (connections.Count >= max)
                {
                    return false;
                }

                connections[connection.ConnectionId] = connection;
                return true;
            }
        }
    }

    /// <summary>Counts a closed connection out.</summary>
    public void Remove(string userName, string connectionId)
    {
        if (!_users.TryGetValue(userName, out var connections))
        {
            return;
        }

        lock (connections)
        {
            connections.Remove(connectionId);
            if (connections.Count == 0)
            {
                _users.TryRemove(new KeyValuePair<string, Dictionary<string, HubCallerContext>>(userName, connections));
            }
        }
    }

    /// <summary>How many connections <paramref name="userName"/> has open in this process.</summary>
    public int Count(string userName)
    {
        if (!_users.TryGetValue(userName, out var connections))
        {
            return 0;
        }

        lock (connections)
        {
            return connections.Count;
        }
    }

    /// <summary>Closes every connection of <paramref name="userName"/> in this process.</summary>
    public void AbortAll(string userName)
    {
        foreach (var connection in Of(userName))
        {
            connection.Abort();
        }
    }

    /// <summary>A snapshot of every open connection.</summary>
    public IReadOnlyList<HubCallerContext> All() => _users.Keys.SelectMany(Of).ToArray();

    private HubCallerContext[] Of(string userName)
    {
        if (!_users.TryGetValue(userName, out var connections))
        {
            return [];
        }

        lock (connections)
        {
            return connections.Values.ToArray();
        }
    }
}
