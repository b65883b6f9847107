using System.Collections.Concurrent;
using System.Threading.Channels;
using Chapp.Grains;
using Chapp.Web.Chat.Rooms;
using Microsoft.AspNetCore.SignalR;
using Orleans.Streams;

namespace Chapp.Web.Chat.Users;

/// <summary>
/// This web process's subscriptions to user streams: one Orleans subscription per user who has at least one local
/// connection with the inbox open, forwarded to the user's SignalR group as <c>"user"</c> frames. Like rooms (see
/// <see cref="RoomSubscriptions"/>), never one subscription per connection.
/// </summary>
public sealed partial class UserFeeds(IClusterClient client, IHubContext<ChatHub> hub, InboxActivity activity, ILogger<UserFeeds> logger)
{
    // Entries are never removed: an idle entry is a few bytes, and removing one would race with a concurrent start.
    private readonly ConcurrentDictionary<string, UserEntry> _users = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FeedConnection> _connections = new(StringComparer.Ordinal);

    /// <summary>The SignalR group of a user's local connections that opened the inbox.</summary>
    public static string GroupName(string userName) => "user:" + ChappGrainFactoryExtensions.Normalize(userName);

    /// <summary>True when this process holds a subscription to <paramref name="userName"/>'s stream (for tests and diagnostics).</summary>
    public bool IsSubscribed(string userName) =>
        _users.TryGetValue(ChappGrainFactoryExtensions.Normalize(userName), out var entry) && entry.Handle is not null;

    /// <summary>Registers a new connection of <paramref name="userName"/>; only a registered connection can start the feed.</summary>
    public void Open(string connectionId, string userName) => _connections.TryAdd(connectionId, new FeedConnection(userName));

    /// <summary>
    /// Puts the connection into its user's group, subscribing to the user's stream if it is the first. Idempotent;
    /// false when the connection has already closed.
    /// </summary>
    public async Task<bool> StartAsync(string connectionId)
    {
        if (!_connections.TryGetValue(connectionId, out var connection))
        {
            return false;
        }

        // One start or close of a connection at a time, so a close that overtakes a start never leaves a count behind.
        await connection.Gate.WaitAsync();
        try
        {
            if (connection.Closed)
            {
                return false;
            }

            if (!connection.Started)
            {
                await hub.Groups.AddToGroupAsync(connectionId, GroupName(connection.UserName));
                await AddRef(connection.UserName);
                connection.Started = true;
            }

            return true;
        }
        finally
        {
            connection.Gate.Release();
        }
    }

    /// <summary>Counts a closed connection out; the user's last one here unsubscribes.</summary>
    public async Task CloseAsync(string connectionId)
    {
        if (!_connections.TryRemove(connectionId, out var connection))
        {
            return;
        }

        await connection.Gate.WaitAsync();
        try
        {
            connection.Closed = true;
            if (connection.Started)
            {
                await Release(connection.UserName);
            }
        }
        finally
        {
            connection.Gate.Release();
        }
    }

    private async Task AddRef(string userName)
    {
        var key = ChappGrainFactoryExtensions.Normalize(userName);
        var entry = _users.GetOrAdd(key, _ => new UserEntry());
        await entry.Gate.WaitAsync();
        try
        {
            if (entry.Count == 0)
            {
                var queue = Channel.CreateUnbounded<UserEvent>(new UnboundedChannelOptions { SingleReader = true });
                entry.Handle = await Stream(key).SubscribeAsync(Into(queue.Writer));
                entry.Queue = queue;
                _ = Pump(key, queue.Reader);
            }

            entry.Count++;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    private async Task Release(string userName)
    {
        var key = ChappGrainFactoryExtensions.Normalize(userName);
        if (!_users.TryGetValue(key, out var entry))
        {
            return;
        }

        await entry.Gate.WaitAsync();
        try
        {
            if (entry.Count == 0 || --entry.Count > 0 || entry.Handle is not { } handle)
            {
                return;
            }

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
                LogUnsubscribeFailed(error, key);
            }
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>
    /// Subscribes again every user stream whose subscription the cluster no longer knows (a silo crash loses the
    /// in-memory PubSub state) and returns how many it renewed; until then the user's pages get events only by
    /// resuming with GetUserEvents. Called with the rooms' repair (<see cref="SubscriptionRepair"/>).
    /// </summary>
    public async Task<int> RepairAsync(CancellationToken cancellationToken)
    {
        var repaired = 0;
        foreach (var (key, entry) in _users)
        {
            if (entry.Handle is null)
            {
                continue;
            }

            await entry.Gate.WaitAsync(cancellationToken);
            try
            {
                if (entry is { Handle: { } handle, Queue: { } queue }
                    && !(await Stream(key).GetAllSubscriptionHandles()).Any(h => h.HandleId == handle.HandleId))
                {
                    entry.Handle = await Stream(key).SubscribeAsync(Into(queue.Writer));
                    repaired++;
                    LogRepaired(key);
                }
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogRepairFailed(error, key);
            }
            finally
            {
                entry.Gate.Release();
            }
        }

        return repaired;
    }

    private static Func<UserEvent, StreamSequenceToken?, Task> Into(ChannelWriter<UserEvent> queue) => (item, _) =>
    {
        queue.TryWrite(item);
        return Task.CompletedTask;
    };

    private IAsyncStream<UserEvent> Stream(string key) =>
        client.GetStreamProvider(ChappNames.StreamProvider).GetStream<UserEvent>(StreamId.Create(ChappNames.UserStreamNamespace, key));

    // In order, one frame per event: user events are few (joins, reads, mentions), and clients resume by seq. A joined
    // or left room is watched or unwatched for activity first, so the frame never comes before the room's activity.
    private async Task Pump(string key, ChannelReader<UserEvent> queue)
    {
        var group = GroupName(key);
        await foreach (var item in queue.ReadAllAsync())
        {
            try
            {
                await activity.ApplyAsync(key, item);
                await hub.Clients.Group(group).SendAsync("user", item);
            }
            catch (Exception error)
            {
                LogDeliveryFailed(error, group, item.Seq);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "User {UserName}: the cluster had lost this process's subscription; subscribed again")]
    private partial void LogRepaired(string userName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check the subscription of user {UserName}")]
    private partial void LogRepairFailed(Exception error, string userName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not unsubscribe from the stream of user {UserName}")]
    private partial void LogUnsubscribeFailed(Exception error, string userName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not deliver user event {Seq} to {Group}")]
    private partial void LogDeliveryFailed(Exception error, string group, long seq);

    private sealed class UserEntry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int Count { get; set; }

        public StreamSubscriptionHandle<UserEvent>? Handle { get; set; }

        public Channel<UserEvent>? Queue { get; set; }
    }

    private sealed class FeedConnection(string userName)
    {
        public string UserName { get; } = userName;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public bool Closed { get; set; }

        public bool Started { get; set; }
    }
}
