using System.Threading.Channels;
using Chapp.Grains;
using Chapp.Web.Chat.Users;
using Microsoft.AspNetCore.SignalR;
using Orleans.Streams;

namespace Chapp.Web.Chat.Rooms;

/// <summary>A room's description changes (<see cref="RoomChanged"/>) as this process applies them to its connections.</summary>
public sealed partial class RoomSubscriptions
{
    // One queue for every room's changes, applied one at a time in arrival order by one pump started on first use:
    // the stream callback only queues, and an older change can never be applied after a newer one of the same room.
    private readonly ILogger<RoomSubscriptions> _logger;
    private readonly Channel<RoomChanged> _roomChanges = Channel.CreateUnbounded<RoomChanged>(new UnboundedChannelOptions { SingleReader = true });
    private int _changePumpStarted;

    internal Func<RoomChanged, StreamSequenceToken?, Task> QueueChange => (change, _token) =>
    {
        _roomChanges.Writer.TryWrite(change);
        if (Interlocked.Exchange(ref _changePumpStarted, 1) == 0)
        {
            _ = Task.Run(ChangePump);
        }

        return Task.CompletedTask;
    };

    private async Task ChangePump()
    {
        while (await _roomChanges.Reader.WaitToReadAsync())
        {
            while (_roomChanges.Reader.TryRead(out var change))
            {
                await OnRoomChanged(change);
            }
        }
    }

    /// <summary>
    /// Takes every local connection of <paramref name="userName"/> out of <paramref name="roomId"/> at once (its
    /// SignalR group, its count and presence) and tells it with <c>"removed"</c>. Called where a member leaves, so
    /// the leaver's own process needs no stream round trip; other processes do the same on <see cref="RoomChanged"/>.
    /// </summary>
    public Task RemoveUserAsync(string roomId, string userName) =>
        RemoveWhere(roomId, user => string.Equals(user, userName, StringComparison.OrdinalIgnoreCase));

    // A private room's members changed: whoever is not a member any more stops receiving now. Then everyone in the
    // room gets the new name and topic ("room"); member lists refresh from it.
    private async Task OnRoomChanged(RoomChanged change)
    {
        try
        {
            if (change.Kind == RoomKind.Private)
            {
                var members = new HashSet<string>(change.Members, StringComparer.OrdinalIgnoreCase);
                await RemoveWhere(change.RoomId, user => !members.Contains(user));
            }

            await hub.Clients.Group(RoomFeed.GroupName(change.RoomId)).SendAsync("room",
                new RoomView(change.RoomId, change.Name, change.Kind.ToString(), change.Topic));
            if (change.Kind == RoomKind.Public)
            {
                await RefreshInboxesAsync(change.RoomId);
            }
        }
        catch (Exception error)
        {
            LogChangeFailed(error, change.RoomId);
        }
    }

    // A public room stores no members, so it cannot tell their inboxes as a private room does. The feed that brought
    // this change is open here because users here have the room open or watch it from their sidebar: exactly the
    // people who could see the change now. Each of their inboxes re-reads the room (one call per such user, on a rare
    // event); the "room" user event then updates every sidebar of theirs, and reloads render the new copy. Anyone
    // offline gets the new copy when they next open the room.
    private async Task RefreshInboxesAsync(string roomId)
    {
        var users = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (connectionId, connection) in _connections)
        {
            if (IsIn(connectionId, roomId))
            {
                users.Add(connection.UserName);
            }
        }

        users.UnionWith(services.GetService<InboxActivity>()?.UsersWatching(roomId) ?? []);
        await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (user, _) =>
        {
            try
            {
                await client.GetUserInbox(user).RoomChanged(roomId);
            }
            catch (Exception error)
            {
                LogInboxRefreshFailed(error, roomId, user);
            }
        });
    }

    private async Task RemoveWhere(string roomId, Func<string, bool> removed)
    {
        foreach (var (connectionId, connection) in _connections)
        {
            // The leaver's own request and the room's change stream both get here; only the one that takes the
            // connection out tells it, so each tab hears "removed" once.
            if (removed(connection.UserName) && IsIn(connectionId, roomId) && await LeaveAsync(connectionId, roomId))
            {
                await hub.Clients.Client(connectionId).SendAsync("removed", roomId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh room {RoomId} in the inbox of {UserName}")]
    private partial void LogInboxRefreshFailed(Exception error, string roomId, string userName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not apply a change of room {RoomId} to this process's connections")]
    private partial void LogChangeFailed(Exception error, string roomId);
}
