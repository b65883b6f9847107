using Chapp.Web.Chat;
using Chapp.Web.Chat.Rooms;
using Chapp.Web.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Chapp.Web.Security;

/// <summary>
/// The hub's limits in one place, before any hub code runs: connections per user, rooms per connection, and the
/// per-user rates of sending, joining and loading history (<see cref="UserActionLimiter"/>). A refusal is a
/// <see cref="HubException"/> whose text the client shows as it is.
/// </summary>
public sealed class HubLimitsFilter(
    UserActionLimiter limiter,
    UserConnections connections,
    RoomSubscriptions subscriptions,
    IOptions<ChappLimits> options) : IHubFilter
{
    /// <inheritdoc />
    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        var user = context.Context.User!.UserName();
        var max = options.Value.ConnectionsPerUser;
        if (!connections.TryAdd(user, context.Context, max))
        {
            throw new HubException($"You have {max} connections open, the most allowed. Close a tab and try again.");
        }

        try
        {
            await next(context);
        }
        catch
        {
            // SignalR does not call OnDisconnectedAsync for a connection whose OnConnectedAsync failed.
            connections.Remove(user, context.Context.ConnectionId);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        connections.Remove(context.Context.User!.UserName(), context.Context.ConnectionId);
        await next(context, exception);
    }

    /// <inheritdoc />
    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var user = context.Context.User!.UserName();
        var action = context.HubMethodName switch
        {
            nameof(ChatHub.Send) => LimitedAction.Send,
            nameof(ChatHub.JoinRoom) => LimitedAction.JoinRoom,
            nameof(ChatHub.GetOlder) or nameof(ChatHub.GetMissed) or nameof(ChatHub.OpenInbox) or nameof(ChatHub.GetUserEvents)
                or nameof(ChatHub.GetMembers) or nameof(ChatHub.GetAround) => LimitedAction.History,
            nameof(ChatHub.Search) => LimitedAction.Search,
            nameof(ChatHub.MarkRead) => LimitedAction.MarkRead,
            nameof(ChatHub.SetTopic) or nameof(ChatHub.AddMembers) => LimitedAction.ChangeRoom,
            nameof(ChatHub.EditMessage) or nameof(ChatHub.DeleteMessage) or nameof(ChatHub.React) => LimitedAction.ChangeMessage,
            nameof(ChatHub.Typing) => LimitedAction.Typing,
            _ => (LimitedAction?)null,
        };

        if (action == LimitedAction.JoinRoom
            && context.HubMethodArguments is [string roomId, ..]
            && !subscriptions.IsIn(context.Context.ConnectionId, roomId)
            && subscriptions.RoomCount(context.Context.ConnectionId) >= options.Value.RoomsPerConnection)
        {
            throw new HubException(
                $"This connection is in {options.Value.RoomsPerConnection} rooms, the most allowed. Leave a room first.");
        }

        if (action is { } limited && !limiter.TryAcquire(limited, user))
        {
            throw new HubException(UserActionLimiter.Refusal(limited));
        }

        return next(context);
    }
}
