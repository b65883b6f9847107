using System.Collections.Concurrent;
using Chapp.Grains;
using Chapp.Web.Chat;
using Chapp.Web.Chat.Users;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chapp.Web.Tests;

/// <summary>What one hub connection receives of the inbox: <c>"user"</c> and <c>"activity"</c> frames, in arrival order.</summary>
public sealed class InboxFrames
{
    private readonly ConcurrentQueue<UserEvent> _events = new();
    private readonly ConcurrentQueue<RoomActivity> _activity = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private InboxFrames(HubConnection connection)
    {
        connection.On<UserEvent>("user", e =>
        {
            _events.Enqueue(e);
            _arrived.Release();
        });
        connection.On<RoomActivity>("activity", a =>
        {
            _activity.Enqueue(a);
            _arrived.Release();
        });
    }

    /// <summary>User events received so far.</summary>
    public IReadOnlyList<UserEvent> Events => _events.ToArray();

    /// <summary>Activity frames received so far.</summary>
    public IReadOnlyList<RoomActivity> Activity => _activity.ToArray();

    /// <summary>Starts collecting on <paramref name="connection"/> (before it starts or opens the inbox).</summary>
    public static InboxFrames On(HubConnection connection) => new(connection);

    /// <summary>Waits (5 s at most) until a user event matching <paramref name="match"/> arrived.</summary>
    public Task<UserEvent> WaitForEvent(Func<UserEvent, bool> match, string what) => WaitFor(() => _events.FirstOrDefault(match), what);

    /// <summary>Waits (5 s at most) until an activity frame matching <paramref name="match"/> arrived.</summary>
    public Task<RoomActivity> WaitForActivity(Func<RoomActivity, bool> match, string what) => WaitFor(() => _activity.FirstOrDefault(match), what);

    private async Task<T> WaitFor<T>(Func<T?> find, string what)
        where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        for (;;)
        {
            if (find() is { } found)
            {
                return found;
            }

            var left = deadline - DateTime.UtcNow;
            Assert.True(left > TimeSpan.Zero && await _arrived.WaitAsync(left),
                $"No {what} arrived; got events [{string.Join(", ", Events)}] and activity [{string.Join(", ", Activity)}]");
        }
    }
}
