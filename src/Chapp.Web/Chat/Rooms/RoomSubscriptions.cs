using System.Collections.Concurrent;
using Chapp.Grains;
using Chapp.Web.Chat.Presence;
using Chapp.Web.Chat.Typing;
using Microsoft.AspNetCore.SignalR;

namespace Chapp.Web.Chat.Rooms;

/// <summary>
/// This web process's hub connections and the rooms each is in: the SignalR group each room's connections belong
/// to, and the room's count in <see cref="RoomFeeds"/>, which holds one <see cref="RoomFeed"/> per room with at least
/// one local connection. The hub makes one call to join a room and one to leave it.
/// </summary>
public sealed partial class RoomSubscriptions
{
    private readonly IClusterClient client;
    private readonly IHubContext<ChatHub> hub;
    private readonly IServiceProvider services;
    private readonly RoomFeeds _feeds;
    private readonly ConcurrentDictionary<string, LocalConnection> _connections = new(StringComparer.Ordinal);

    /// <summary>Wires the rooms' feeds to this process's hub, presence and typing relay.</summary>
    public RoomSubscriptions(
        IClusterClient client,
        IHubContext<ChatHub> hub,
        LocalPresence presence,
        IServiceProvider services,
        TypingRelay typing,
        ILoggerFactory loggers)
    {
        this.client = client;
        this.hub = hub;
        this.services = services;
        _logger = loggers.CreateLogger<RoomSubscriptions>();
        _feeds = new RoomFeeds(client, hub, presence, typing, QueueChange, services.GetRequiredService<ILocalSiloDetails>().SiloAddress, loggers);
    }

    /// <summary>This process's room feeds as the room grains hosted here see them: the shortcut past the stream.</summary>
    internal ILocalRoomDelivery LocalDelivery => _feeds;

    /// <summary>The room's open feed in this process, or null (tests).</summary>
    internal RoomFeed? FeedOf(string roomId) => _feeds.FeedOf(roomId);

    /// <summary>How many local connections are in <paramref name="roomId"/> (for tests and diagnostics).</summary>
    public int ConnectionCount(string roomId) => _feeds.ConnectionCount(roomId);

    /// <summary>True when this process holds a feed (Orleans subscriptions) for <paramref name="roomId"/>.</summary>
    public bool IsSubscribed(string roomId) => _feeds.FeedOf(roomId) is not null;

    /// <summary>Registers a new connection of <paramref name="userName"/>; only a registered connection can join rooms.</summary>
    public void Open(string connectionId, string userName) => _connections.TryAdd(connectionId, new LocalConnection(userName));

    /// <summary>True when <paramref name="connectionId"/> is counted in <paramref name="roomId"/>.</summary>
    public bool IsIn(string connectionId, string roomId)
    {
        if (!_connections.TryGetValue(connectionId, out var connection))
        {
            return false;
        }

        lock (connection.Rooms)
        {
            return connection.Rooms.Contains(roomId);
        }
    }

    /// <summary>How many rooms <paramref name="connectionId"/> is counted in.</summary>
    public int RoomCount(string connectionId)
    {
        if (!_connections.TryGetValue(connectionId, out var connection))
        {
            return 0;
        }

        lock (connection.Rooms)
        {
            return connection.Rooms.Count;
        }
    }

    /// <summary>
    /// Puts <paramref name="connectionId"/> in the room's SignalR group and counts it in, opening the room's feed if
    /// it is the first, then sends the connection the room's current presence. False, with nothing counted, when the
    /// connection has already closed (its <see cref="LeaveAllAsync"/> ran while the join was on its way).
    /// </summary>
    public async Task<bool> JoinAsync(string connectionId, string roomId)
    {
        if (!_connections.TryGetValue(connectionId, out var connection))
        {
            return false;
        }

        // One join, leave or close of a connection at a time: a close waits for a running join and then counts it
        // out, and a join after the close sees it closed. Without this, a close that ran first would be followed by
        // the join re-creating a permanent entry (a leak any client could repeat at will).
        await connection.Gate.WaitAsync();
        try
        {
            if (connection.Closed)
            {
                return false;
            }

            await hub.Groups.AddToGroupAsync(connectionId, RoomFeed.GroupName(roomId));
            bool added;
            lock (connection.Rooms)
            {
                // False when rejoining after a reconnect of the same connection: already counted.
                added = connection.Rooms.Add(roomId);
            }

            if (added)
            {
                try
                {
                    await _feeds.AddAsync(roomId, connection.UserName);
                }
                catch
                {
                    lock (connection.Rooms)
                    {
                        connection.Rooms.Remove(roomId);
                    }

                    throw;
                }
            }
        }
        finally
        {
            connection.Gate.Release();
        }

        if (_feeds.FeedOf(roomId) is { } feed)
        {
            await feed.SendPresenceToAsync(connectionId);
        }

        return true;
    }

    /// <summary>Takes <paramref name="connectionId"/> out of the room's group and count; the last one out closes the feed.</summary>
    /// <returns>True when this call took it out; false when it was not in the room (or another call took it out first).</returns>
    public async Task<bool> LeaveAsync(string connectionId, string roomId)
    {
        if (!_connections.TryGetValue(connectionId, out var connection))
        {
            return false;
        }

        await connection.Gate.WaitAsync();
        try
        {
            await hub.Groups.RemoveFromGroupAsync(connectionId, RoomFeed.GroupName(roomId));
            lock (connection.Rooms)
            {
                if (!connection.Rooms.Remove(roomId))
                {
                    return false;
                }
            }

            await _feeds.ReleaseAsync(roomId, connection.UserName);
            return true;
        }
        finally
        {
            connection.Gate.Release();
        }
    }

    /// <summary>
    /// Counts a closed connection out of every room it was in, including one it is still joining. SignalR itself
    /// drops a closed connection from its groups.
    /// </summary>
    public async Task LeaveAllAsync(string connectionId)
    {
        if (!_connections.TryRemove(connectionId, out var connection))
        {
            return;
        }

        string[] joined;
        await connection.Gate.WaitAsync();
        try
        {
            connection.Closed = true;
            lock (connection.Rooms)
            {
                joined = connection.Rooms.ToArray();
                connection.Rooms.Clear();
            }
        }
        finally
        {
            connection.Gate.Release();
        }

        foreach (var roomId in joined)
        {
            await _feeds.ReleaseAsync(roomId, connection.UserName);
        }
    }

    /// <summary>
    /// Subscribes again every room whose subscription the cluster no longer knows, and returns how many it repaired.
    /// Subscriptions live in the silos' in-memory PubSub state, which a silo crash loses; without this a room would
    /// stay silent in this process (its browsers getting messages only by gap filling) until its last local
    /// connection left. <see cref="SubscriptionRepair"/> calls it periodically.
    /// </summary>
    /// <remarks>With a <paramref name="spreadOver"/> the round's checks are paced across that span (the periodic round).</remarks>
    public Task<int> RepairAsync(CancellationToken cancellationToken, TimeSpan spreadOver = default) =>
        _feeds.RepairAsync(cancellationToken, spreadOver);

    /// <summary>
    /// Keeps the room's feed open for one more inbox connection that watches the room's activity from outside
    /// (<see cref="RoomFeed.ActivityGroupName"/>); a watcher is not in the room, so it counts for no presence.
    /// </summary>
    public Task WatchAsync(string roomId) => _feeds.AddAsync(roomId, userName: null);

    /// <summary>Counts a watcher out (see <see cref="WatchAsync"/>); the last one out of an empty room closes the feed.</summary>
    public Task UnwatchAsync(string roomId) => _feeds.ReleaseAsync(roomId, userName: null);
}
