using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Chapp.Grains;
using Microsoft.AspNetCore.SignalR;
using Orleans.Streams;

namespace Chapp.Web.Chat;

/// <summary>
/// This web process's subscriptions to room streams: one Orleans subscription per room that has at least one local
/// connection, fanned out to the room's SignalR group. Orleans rewrites a stream's whole subscriber list on every
/// subscribe, so one subscription per connection would make joins quadratic (see GUIDE, "Streams").
/// </summary>
/// <remarks>
/// <para>
/// The same subscription's lifetime carries the room's presence: this process knows which users have a local
/// connection in each room, tells <see cref="PresenceReporter"/> when that set changes, and forwards the room's
/// presence stream to the group as <c>"presence"</c>.
/// </para>
/// Each room has one <see cref="DeliveryPump"/>. A message to an idle room goes out at once as <c>"message"</c>;
/// messages that arrive while a send to the room is in flight go out together in the next one as <c>"messages"</c>.
/// </remarks>
public sealed partial class RoomSubscriptions(
    IClusterClient client,
    IHubContext<ChatHub> hub,
    PresenceReporter presence,
    ILogger<RoomSubscriptions> logger)
{
    // Entries are never removed: an idle entry is a few bytes, and removing one would race with a concurrent join.
    private readonly ConcurrentDictionary<string, RoomEntry> _rooms = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, LocalConnection> _connections = new(StringComparer.Ordinal);

    /// <summary>The SignalR group of a room's local connections.</summary>
    public static string GroupName(string roomId) => "room:" + roomId;

    /// <summary>How many local connections are in <paramref name="roomId"/> (for tests and diagnostics).</summary>
    public int ConnectionCount(string roomId) => _rooms.TryGetValue(roomId, out var entry) ? entry.Count : 0;

    /// <summary>True when this process holds an Orleans subscription for <paramref name="roomId"/>.</summary>
    public bool IsSubscribed(string roomId) => _rooms.TryGetValue(roomId, out var entry) && entry.Handle is not null;

    /// <summary>The user names with at least one local connection in <paramref name="roomId"/> (for tests and diagnostics).</summary>
    public IReadOnlyList<string> LocalUsers(string roomId)
    {
        if (!_rooms.TryGetValue(roomId, out var entry))
        {
            return [];
        }

        lock (entry.Users)
        {
            return entry.Users.Keys.Order(StringComparer.Ordinal).ToArray();
        }
    }

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
    /// Counts <paramref name="connectionId"/> into the room, subscribing to its streams if it is the first, then
    /// sends the connection the room's current presence. False, with nothing counted, when the connection has
    /// already closed (its <see cref="LeaveAllAsync"/> ran while the join was on its way).
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
                    await AddRef(roomId, connection.UserName);
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

        await SendPresence(connectionId, roomId);
        return true;
    }

    /// <summary>Counts <paramref name="connectionId"/> out of the room; the last one out unsubscribes.</summary>
    public async Task LeaveAsync(string connectionId, string roomId)
    {
        if (!_connections.TryGetValue(connectionId, out var connection))
        {
            return;
        }

        await connection.Gate.WaitAsync();
        try
        {
            lock (connection.Rooms)
            {
                if (!connection.Rooms.Remove(roomId))
                {
                    return;
                }
            }

            await Release(roomId, connection.UserName);
        }
        finally
        {
            connection.Gate.Release();
        }
    }

    /// <summary>Counts a closed connection out of every room it was in, including one it is still joining.</summary>
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
            await Release(roomId, connection.UserName);
        }
    }

    private async Task AddRef(string roomId, string userName)
    {
        var entry = _rooms.GetOrAdd(roomId, _ => new RoomEntry());
        await entry.Gate.WaitAsync();
        try
        {
            if (entry.Count == 0)
            {
                await Subscribe(roomId, entry);
            }

            entry.Count++;
            // Under the gate, so this process reports a room's changes in the order they happened.
            if (CountUser(entry, userName, +1) is { } users)
            {
                presence.Changed(roomId, users);
            }
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    private async Task Subscribe(string roomId, RoomEntry entry)
    {
        var provider = client.GetStreamProvider(ChappNames.StreamProvider);
        var stream = provider.GetStream<ChatMessage>(StreamId.Create(ChappNames.RoomStreamNamespace, roomId));
        var queue = Channel.CreateUnbounded<ChatMessage>(new UnboundedChannelOptions { SingleReader = true });
        var handle = await stream.SubscribeAsync(Into(queue));

        var feed = new PresenceFeed();
        try
        {
            var presenceStream = provider.GetStream<RoomPresence>(StreamId.Create(ChappNames.PresenceStreamNamespace, roomId));
            entry.PresenceHandle = await presenceStream.SubscribeAsync(Into(feed.Queue));
        }
        catch
        {
            // Both or neither: a room counted as subscribed must get its messages and its presence.
            await handle.UnsubscribeAsync();
            throw;
        }

        try
        {
            var changes = provider.GetStream<RoomChanged>(StreamId.Create(ChappNames.RoomInfoStreamNamespace, roomId));
            entry.ChangeHandle = await changes.SubscribeAsync(QueueChange);
        }
        catch
        {
            await handle.UnsubscribeAsync();
            await entry.PresenceHandle!.UnsubscribeAsync();
            throw;
        }

        entry.Handle = handle;
        entry.Queue = queue;
        entry.Feed = feed;
        _ = Pump(GroupName(roomId), queue.Reader);
        _ = PresencePump(GroupName(roomId), entry, feed);
    }

    /// <summary>
    /// Subscribes again every room whose subscription the cluster no longer knows, and returns how many it repaired.
    /// Subscriptions live in the silos' in-memory PubSub state, which a silo crash loses; without this a room would
    /// stay silent in this process (its browsers getting messages only by gap filling) until its last local
    /// connection left. <see cref="SubscriptionRepair"/> calls it periodically.
    /// </summary>
    public async Task<int> RepairAsync(CancellationToken cancellationToken)
    {
        var provider = client.GetStreamProvider(ChappNames.StreamProvider);
        var repaired = 0;
        foreach (var (roomId, entry) in _rooms)
        {
            if (entry.Handle is null)
            {
                continue;
            }

            await entry.Gate.WaitAsync(cancellationToken);
            try
            {
                if (entry is { Handle: { } handle, Queue: { } queue })
                {
                    var stream = provider.GetStream<ChatMessage>(StreamId.Create(ChappNames.RoomStreamNamespace, roomId));
                    if (!await Knows(stream, handle))
                    {
                        entry.Handle = await stream.SubscribeAsync(Into(queue));
                        repaired++;
                        LogRepaired(roomId, ChappNames.RoomStreamNamespace);
                    }
                }

                if (entry.ChangeHandle is { } changeHandle)
                {
                    var stream = provider.GetStream<RoomChanged>(StreamId.Create(ChappNames.RoomInfoStreamNamespace, roomId));
                    if (!await Knows(stream, changeHandle))
                    {
                        entry.ChangeHandle = await stream.SubscribeAsync(QueueChange);
                        repaired++;
                        LogRepaired(roomId, ChappNames.RoomInfoStreamNamespace);
                    }
                }

                if (entry is { PresenceHandle: { } presenceHandle, Feed: { } feed })
                {
                    var stream = provider.GetStream<RoomPresence>(StreamId.Create(ChappNames.PresenceStreamNamespace, roomId));
                    if (!await Knows(stream, presenceHandle))
                    {
                        entry.PresenceHandle = await stream.SubscribeAsync(Into(feed.Queue));
                        repaired++;
                        LogRepaired(roomId, ChappNames.PresenceStreamNamespace);
                    }
                }
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // The next round tries again; the room's browsers still fill gaps from the log meanwhile.
                LogRepairFailed(error, roomId);
            }
            finally
            {
                entry.Gate.Release();
            }
        }

        return repaired;
    }

    private static async Task<bool> Knows<T>(IAsyncStream<T> stream, StreamSubscriptionHandle<T> handle) =>
        (await stream.GetAllSubscriptionHandles()).Any(h => h.HandleId == handle.HandleId);

    // A stream callback that only queues: the room's pump does the sending, so the stream never waits for SignalR.
    private static Func<T, StreamSequenceToken?, Task> Into<T>(Channel<T> queue) => (item, _) =>
    {
        queue.Writer.TryWrite(item);
        return Task.CompletedTask;
    };

    // Returns the room's new local user names when userName's first connection came or last one went, else null.
    private static string[]? CountUser(RoomEntry entry, string userName, int delta)
    {
        lock (entry.Users)
        {
            var count = entry.Users.GetValueOrDefault(userName) + delta;
            if (count > 0)
            {
                entry.Users[userName] = count;
            }
            else
            {
                entry.Users.Remove(userName);
            }

            return (delta > 0 && count == 1) || (delta < 0 && count == 0) ? entry.Users.Keys.ToArray() : null;
        }
    }

    // The room's current presence, sent to a connection that just joined so it need not wait for the next change.
    // It is the grain's list as this process last forwarded it (asked from the grain when there is none yet), sent
    // under the feed's gate: a newer list then always reaches the connection after it, never before.
    private async Task SendPresence(string connectionId, string roomId)
    {
        if (!_rooms.TryGetValue(roomId, out var entry) || entry.Feed is not { } feed)
        {
            return; // Left again at once: nothing to show.
        }

        await feed.Gate.WaitAsync();
        try
        {
            feed.Latest ??= new RoomPresence(roomId, await client.GetRoomPresence(roomId).Get());
            await hub.Clients.Client(connectionId).SendAsync("presence", feed.Latest);
        }
        catch (Exception error)
        {
            // Presence is a courtesy: the join itself succeeded, and the next change brings the list.
            LogPresenceFailed(error, roomId);
        }
        finally
        {
            feed.Gate.Release();
        }
    }

    private async Task Release(string roomId, string userName)
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
            if (CountUser(entry, userName, -1) is { } users)
            {
                presence.Changed(roomId, users);
            }

            if (entry.Count == 0 && entry.Handle is { } handle)
            {
                var presenceHandle = entry.PresenceHandle;
                var changeHandle = entry.ChangeHandle;
                entry.Handle = null;
                entry.PresenceHandle = null;
                entry.ChangeHandle = null;
                entry.Queue?.Writer.TryComplete();
                entry.Queue = null;
                entry.Feed?.Queue.Writer.TryComplete();
                entry.Feed = null;
                try
                {
                    await handle.UnsubscribeAsync();
                    if (presenceHandle is not null)
                    {
                        await presenceHandle.UnsubscribeAsync();
                    }

                    if (changeHandle is not null)
                    {
                        await changeHandle.UnsubscribeAsync();
                    }
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

    private Task Pump(string group, ChannelReader<ChatMessage> queue) => DeliveryPump.RunAsync(
        queue,
        async batch =>
        {
            await (batch.Count == 1
                ? hub.Clients.Group(group).SendAsync("message", batch[0])
                : hub.Clients.Group(group).SendAsync("messages", batch));
            RecordDelivered(batch);
        },
        (error, batch) => LogDeliveryFailed(error, batch[0].RoomId, batch[0].Seq));

    private static void RecordDelivered(IReadOnlyList<ChatMessage> batch)
    {
        ChappMetrics.Deliveries.Add(batch.Count);
        var now = DateTimeOffset.UtcNow;
        foreach (var message in batch)
        {
            // Across machines this includes their clock difference; on one machine it is the real post-to-fan-out time.
            ChappMetrics.DeliveryDuration.Record(Math.Max(0, (now - message.SentAt).TotalSeconds));
        }
    }

    // Only the latest list matters: in a big room, lists that change faster than this share one frame, since each
    // frame carries every name to every local connection. 1 ms per local connection, at most 2 s.
    private async Task PresencePump(string group, RoomEntry entry, PresenceFeed feed)
    {
        var lastFrame = 0L;
        while (await feed.Queue.Reader.WaitToReadAsync())
        {
            var wait = TimeSpan.FromMilliseconds(Math.Min(2000, entry.Count)) - Stopwatch.GetElapsedTime(lastFrame);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            if (!feed.Queue.Reader.TryRead(out var update))
            {
                continue;
            }

            lastFrame = Stopwatch.GetTimestamp();
            await feed.Gate.WaitAsync();
            try
            {
                feed.Latest = update;
                await hub.Clients.Group(group).SendAsync("presence", update);
            }
            catch (Exception error)
            {
                LogPresenceFailed(error, update.RoomId);
            }
            finally
            {
                feed.Gate.Release();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {RoomId}: the cluster had lost this process's {Stream} subscription; subscribed again")]
    private partial void LogRepaired(string roomId, string stream);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check the subscriptions of room {RoomId}")]
    private partial void LogRepairFailed(Exception error, string roomId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send the presence of room {RoomId}")]
    private partial void LogPresenceFailed(Exception error, string roomId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not unsubscribe from room {RoomId}")]
    private partial void LogUnsubscribeFailed(Exception error, string roomId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not deliver message {Seq} of room {RoomId}")]
    private partial void LogDeliveryFailed(Exception error, string roomId, long seq);

    private sealed class RoomEntry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int Count { get; set; }

        public StreamSubscriptionHandle<ChatMessage>? Handle { get; set; }

        public Channel<ChatMessage>? Queue { get; set; }

        public StreamSubscriptionHandle<RoomPresence>? PresenceHandle { get; set; }

        public PresenceFeed? Feed { get; set; }

        public StreamSubscriptionHandle<RoomChanged>? ChangeHandle { get; set; }

        // Local connections per user name; locked itself, because diagnostics read it outside the gate.
        public Dictionary<string, int> Users { get; } = new(StringComparer.Ordinal);
    }

    // One presence subscription's pump input and what it last sent; a new subscription gets a new feed, so a late
    // update of an old one can never pass for the current list.
    private sealed class PresenceFeed
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public Channel<RoomPresence> Queue { get; } = Channel.CreateBounded<RoomPresence>(
            new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

        public RoomPresence? Latest { get; set; }
    }

    private sealed class LocalConnection(string userName)
    {
        public string UserName { get; } = userName;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        // Set under the gate when the connection closed; a join that comes later must not count it in.
        public bool Closed { get; set; }

        public HashSet<string> Rooms { get; } = new(StringComparer.Ordinal);
    }
}
