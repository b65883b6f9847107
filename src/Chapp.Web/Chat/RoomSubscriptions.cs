using System.Collections.Concurrent;
using Chapp.Grains;
using Microsoft.AspNetCore.SignalR;
using Orleans.Streams;

namespace Chapp.Web.Chat;

/// <summary>
/// This web process's subscriptions to room streams: one Orleans subscription per room that has at least one local
/// connection, fanned out to the room's SignalR group. Orleans rewrites a stream's whole subscriber list on every
/// subscribe, so one subscription per connection would make joins quadratic (see GUIDE, "Streams").
/// </summary>
public sealed partial class RoomSubscriptions(IClusterClient client, IHubContext<ChatHub> hub, ILogger<RoomSubscriptions> logger)
{
    // Entries are never removed: an idle entry is a few bytes, and removing one would race with a concurrent join.
    private readonly ConcurrentDictionary<string, RoomEntry> _rooms = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HashSet<string>> _connections = new(StringComparer.Ordinal);

    /// <summary>The SignalR group of a room's local connections.</summary>
    public static string GroupName(string roomId) => "room:" + roomId;

    /// <summary>How many local connections are in <paramref name="roomId"/> (for tests and diagnostics).</summary>
    public int ConnectionCount(string roomId) => _rooms.TryGetValue(roomId, out var entry) ? entry.Count : 0;

    /// <summary>True when this process holds an Orleans subscription for <paramref name="roomId"/>.</summary>
    public bool IsSubscribed(string roomId) => _rooms.TryGetValue(roomId, out var entry) && entry.Handle is not null;

    /// <summary>Counts <paramref name="connectionId"/> into the room, subscribing to its stream if it is the first.</summary>
    public async Task JoinAsync(string connectionId, string roomId)
    {
        var rooms = _connections.GetOrAdd(connectionId, _ => new HashSet<string>(StringComparer.Ordinal));
        lock (rooms)
        {
            if (!rooms.Add(roomId))
            {
                return; // Rejoining after a reconnect of the same connection: already counted.
            }
        }

        try
        {
            await AddRef(roomId);
        }
        catch
        {
            lock (rooms)
            {
                rooms.Remove(roomId);
            }

            throw;
        }
    }

    /// <summary>Counts <paramref name="connectionId"/> out of the room; the last one out unsubscribes.</summary>
    public async Task LeaveAsync(string connectionId, string roomId)
    {
        if (!_connections.TryGetValue(connectionId, out var rooms))
        {
            return;
        }

        lock (rooms)
        {
            if (!rooms.Remove(roomId))
            {
                return;
            }
        }

        await Release(roomId);
    }

    /// <summary>Counts a closed connection out of every room it was in.</summary>
    public async Task LeaveAllAsync(string connectionId)
    {
        if (!_connections.TryRemove(connectionId, out var rooms))
        {
            return;
        }

        string[] joined;
        lock (rooms)
        {
            joined = rooms.ToArray();
            rooms.Clear();
        }

        foreach (var roomId in joined)
        {
            await Release(roomId);
        }
    }

    private async Task AddRef(string roomId)
    {
        var entry = _rooms.GetOrAdd(roomId, _ => new RoomEntry());
        await entry.Gate.WaitAsync();
        try
        {
            if (entry.Count == 0)
            {
                var stream = client.GetStreamProvider(ChappNames.StreamProvider)
                    .GetStream<ChatMessage>(StreamId.Create(ChappNames.RoomStreamNamespace, roomId));
                var group = GroupName(roomId);
                entry.Handle = await stream.SubscribeAsync((message, _) => Deliver(group, message));
            }

            entry.Count++;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    private async Task Release(string roomId)
    {
        if (!_rooms.TryGetValue(roomId, out var entry))
        {
            return;
        }

        await entry.Gate.WaitAsync();
        try
        {
            if (entry.Count == 0)
            {
                return;
            }

            entry.Count--;
            if (entry.Count == 0 && entry.Handle is { } handle)
            {
                entry.Handle = null;
                try
                {
                    await handle.UnsubscribeAsync();
                }
                catch (Exception error)
                {
                    // The silo cleans up a dead subscription lazily; a failed unsubscribe only costs it a wasted delivery.
                    LogUnsubscribeFailed(error, roomId);
                }
            }
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    private async Task Deliver(string group, ChatMessage message)
    {
        try
        {
            await hub.Clients.Group(group).SendAsync("message", message);
        }
        catch (Exception error)
        {
            // Never fail the stream: clients fill any gap from the log when they see the next sequence number.
            LogDeliveryFailed(error, message.RoomId, message.Seq);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not unsubscribe from room {RoomId}")]
    private partial void LogUnsubscribeFailed(Exception error, string roomId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not deliver message {Seq} of room {RoomId}")]
    private partial void LogDeliveryFailed(Exception error, string roomId, long seq);

    private sealed class RoomEntry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int Count { get; set; }

        public StreamSubscriptionHandle<ChatMessage>? Handle { get; set; }
    }
}
