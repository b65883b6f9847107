using System.Collections.Concurrent;
using System.Threading.Channels;
using Chapp.Grains;
using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Orleans.Streams;

namespace Chapp.Web.Chat;

/// <summary>
/// This web process's subscriptions to room streams: one Orleans subscription per room that has at least one local
/// connection, fanned out to the room's SignalR group. Orleans rewrites a stream's whole subscriber list on every
/// subscribe, so one subscription per connection would make joins quadratic (see GUIDE, "Streams").
/// </summary>
/// <remarks>
/// Each room has one delivery pump. A message to a quiet room goes out at once as <c>"message"</c>; in a busy, big
/// room, messages arriving soon after the previous frame go out together as one <c>"messages"</c> frame (see
/// <see cref="DeliveryOptions"/>), which bounds the socket writes per second whatever the message rate.
/// </remarks>
public sealed partial class RoomSubscriptions(
    IClusterClient client, IHubContext<ChatHub> hub, IOptions<DeliveryOptions> options, ILogger<RoomSubscriptions> logger)
{
    // Entries are never removed: an idle entry is a few bytes, and removing one would race with a concurrent join.
    // Bounds one frame; a browser renders a few hundred messages at once without a hitch.
    private const int MaxBatch = 256;

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
                var queue = Channel.CreateUnbounded<ChatMessage>(new UnboundedChannelOptions { SingleReader = true });
                entry.Handle = await stream.SubscribeAsync((message, _) =>
                {
                    queue.Writer.TryWrite(message);
                    return Task.CompletedTask;
                });
                entry.Queue = queue;
                _ = Pump(GroupName(roomId), entry, queue.Reader);
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
                entry.Queue?.Writer.TryComplete();
                entry.Queue = null;
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

    private async Task Pump(string group, RoomEntry entry, ChannelReader<ChatMessage> queue)
    {
        var batch = new List<ChatMessage>(MaxBatch);
        var lastFrame = 0L;
        while (await queue.WaitToReadAsync())
        {
            var wait = options.Value.FrameInterval(entry.Count) - Stopwatch.GetElapsedTime(lastFrame);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            lastFrame = Stopwatch.GetTimestamp();
            batch.Clear();
            while (batch.Count < MaxBatch && queue.TryRead(out var message))
            {
                batch.Add(message);
            }

            try
            {
                await (batch.Count == 1
                    ? hub.Clients.Group(group).SendAsync("message", batch[0])
                    : hub.Clients.Group(group).SendAsync("messages", batch.ToArray()));
            }
            catch (Exception error)
            {
                // Never stop the pump: clients fill any gap from the log when they see the next sequence number.
                LogDeliveryFailed(error, batch[0].RoomId, batch[0].Seq);
            }
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

        public Channel<ChatMessage>? Queue { get; set; }
    }
}
