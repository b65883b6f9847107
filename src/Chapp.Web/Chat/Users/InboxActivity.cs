using System.Collections.Concurrent;
using Chapp.Grains;
using Chapp.Web.Chat.Rooms;
using Microsoft.AspNetCore.SignalR;

namespace Chapp.Web.Chat.Users;

/// <summary>
/// Which rooms each inbox connection of this process watches for <c>"activity"</c> frames: the rooms of its user's
/// list that are not open on it (an open room already brings the full messages). Watching puts the connection in the
/// room's activity group and keeps the room's one feed per process open (<see cref="RoomSubscriptions.WatchAsync"/>),
/// so a user's hundred rooms cost no subscription per connection.
/// </summary>
public sealed partial class InboxActivity(RoomSubscriptions rooms, IHubContext<ChatHub> hub, ILogger<InboxActivity> logger)
{
    private readonly ConcurrentDictionary<string, Watcher> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, Watcher>> _users = new(StringComparer.Ordinal);

    /// <summary>How many rooms <paramref name="connectionId"/> watches (for tests and diagnostics).</summary>
    public int WatchedCount(string connectionId)
    {
        if (!_connections.TryGetValue(connectionId, out var watcher))
        {
            return 0;
        }

        lock (watcher.Watched)
        {
            return watcher.Watched.Count;
        }
    }

    /// <summary>The users with a connection here that watches <paramref name="roomId"/> (it is in their sidebar, not open).</summary>
    public IReadOnlyCollection<string> UsersWatching(string roomId)
    {
        var users = new HashSet<string>(StringComparer.Ordinal);
        foreach (var watcher in _connections.Values)
        {
            lock (watcher.Watched)
            {
                if (watcher.Watched.Contains(roomId))
                {
                    users.Add(watcher.UserKey);
                }
            }
        }

        return users;
    }

    /// <summary>Registers a new connection of <paramref name="userName"/>; it watches nothing until <see cref="StartAsync"/>.</summary>
    public void Open(string connectionId, string userName)
    {
        var watcher = new Watcher(connectionId, ChappGrainFactoryExtensions.Normalize(userName));
        if (_connections.TryAdd(connectionId, watcher))
        {
            _users.GetOrAdd(watcher.UserKey, _ => new ConcurrentDictionary<string, Watcher>(StringComparer.Ordinal))[connectionId] = watcher;
        }
    }

    /// <summary>
    /// Starts watching <paramref name="roomIds"/> (the user's list) except the rooms open on the connection. False when
    /// the connection has closed.
    /// </summary>
    public async Task<bool> StartAsync(string connectionId, IReadOnlyCollection<string> roomIds)
    {
        if (!_connections.TryGetValue(connectionId, out var watcher))
        {
            return false;
        }

        await watcher.Gate.WaitAsync();
        try
        {
            if (watcher.Closed)
            {
                return false;
            }

            watcher.Started = true;
            watcher.Rooms.UnionWith(roomIds);
            // Side by side: a first inbox of a user with many rooms opens many feeds.
            await Task.WhenAll(roomIds.Where(r => !rooms.IsIn(connectionId, r)).Select(r => Watch(watcher, r)));
            return true;
        }
        finally
        {
            watcher.Gate.Release();
        }
    }

    /// <summary>The room was opened on the connection: its messages arrive in full now, so it is no longer watched.</summary>
    public Task RoomOpenedAsync(string connectionId, string roomId) => Under(connectionId, w => Unwatch(w, roomId));

    /// <summary>
    /// The room is about to close on the connection: watched again, when it is in the user's list, before the
    /// connection leaves the room's group (see <c>ChatHub.LeaveRoom</c>).
    /// </summary>
    public Task RoomClosingAsync(string connectionId, string roomId) =>
        Under(connectionId, w => w.Rooms.Contains(roomId) ? Watch(w, roomId) : Task.CompletedTask);

    /// <summary>Follows the user's list on every inbox connection of the user here: a joined room is watched, a left one not.</summary>
    public async Task ApplyAsync(string userKey, UserEvent change)
    {
        if (change.Kind is not (UserEventKinds.Joined or UserEventKinds.Left) || !_users.TryGetValue(userKey, out var watchers))
        {
            return;
        }

        foreach (var connectionId in watchers.Keys)
        {
            await Under(connectionId, w =>
            {
                if (change.Kind == UserEventKinds.Left)
                {
                    w.Rooms.Remove(change.RoomId);
                    return Unwatch(w, change.RoomId);
                }

                return w.Rooms.Add(change.RoomId) && !rooms.IsIn(connectionId, change.RoomId) ? Watch(w, change.RoomId) : Task.CompletedTask;
            });
        }
    }

    /// <summary>Counts a closed connection out of every room it watched (SignalR itself drops it from the groups).</summary>
    public async Task CloseAsync(string connectionId)
    {
        if (!_connections.TryRemove(connectionId, out var watcher))
        {
            return;
        }

        if (_users.TryGetValue(watcher.UserKey, out var watchers))
        {
            watchers.TryRemove(connectionId, out _);
        }

        string[] watched;
        await watcher.Gate.WaitAsync();
        try
        {
            watcher.Closed = true;
            lock (watcher.Watched)
            {
                watched = watcher.Watched.ToArray();
                watcher.Watched.Clear();
            }
        }
        finally
        {
            watcher.Gate.Release();
        }

        foreach (var roomId in watched)
        {
            await rooms.UnwatchAsync(roomId);
        }
    }

    // Runs a change of one started, open connection under its gate.
    private async Task Under(string connectionId, Func<Watcher, Task> change)
    {
        if (!_connections.TryGetValue(connectionId, out var watcher))
        {
            return;
        }

        await watcher.Gate.WaitAsync();
        try
        {
            if (watcher is { Started: true, Closed: false })
            {
                await change(watcher);
            }
        }
        finally
        {
            watcher.Gate.Release();
        }
    }

    private async Task Watch(Watcher watcher, string roomId)
    {
        lock (watcher.Watched)
        {
            if (!watcher.Watched.Add(roomId))
            {
                return;
            }
        }

        try
        {
            await hub.Groups.AddToGroupAsync(watcher.ConnectionId, RoomFeed.ActivityGroupName(roomId));
            await rooms.WatchAsync(roomId);
        }
        catch (Exception error)
        {
            // The inbox's counts are still right from the log; only this room's live activity is missing here.
            lock (watcher.Watched)
            {
                watcher.Watched.Remove(roomId);
            }

            LogWatchFailed(error, roomId);
        }
    }

    private async Task Unwatch(Watcher watcher, string roomId)
    {
        lock (watcher.Watched)
        {
            if (!watcher.Watched.Remove(roomId))
            {
                return;
            }
        }

        await hub.Groups.RemoveFromGroupAsync(watcher.ConnectionId, RoomFeed.ActivityGroupName(roomId));
        await rooms.UnwatchAsync(roomId);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not watch the activity of room {RoomId}")]
    private partial void LogWatchFailed(Exception error, string roomId);

    private sealed class Watcher(string connectionId, string userKey)
    {
        public string ConnectionId { get; } = connectionId;

        public string UserKey { get; } = userKey;

        /// <summary>One start, change or close of the connection at a time.</summary>
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public bool Started { get; set; }

        public bool Closed { get; set; }

        /// <summary>The user's list as this connection knows it; touched only under the gate.</summary>
        public HashSet<string> Rooms { get; } = new(StringComparer.Ordinal);

        /// <summary>Locked itself: watches of one start run side by side.</summary>
        public HashSet<string> Watched { get; } = new(StringComparer.Ordinal);
    }
}
