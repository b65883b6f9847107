using System.Collections.Concurrent;
using Orleans.Streams;

namespace Chapp.Grains.Tests;

/// <summary>Subscribes to a room's presence stream the way the web app does and collects what arrives.</summary>
public sealed class PresenceStreamProbe : IAsyncDisposable
{
    private readonly ConcurrentQueue<RoomPresence> _received = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private StreamSubscriptionHandle<RoomPresence>? _handle;

    /// <summary>Presence lists received so far, in arrival order.</summary>
    public IReadOnlyList<RoomPresence> Received => _received.ToArray();

    /// <summary>Subscribes to <paramref name="roomId"/>'s presence stream through <paramref name="client"/>.</summary>
    public static async Task<PresenceStreamProbe> SubscribeAsync(IClusterClient client, string roomId)
    {
        var probe = new PresenceStreamProbe();
        var stream = client.GetStreamProvider(ChappNames.StreamProvider)
            .GetStream<RoomPresence>(StreamId.Create(ChappNames.PresenceStreamNamespace, roomId));
        probe._handle = await stream.SubscribeAsync((presence, _) =>
        {
            probe._received.Enqueue(presence);
            probe._arrived.Release();
            return Task.CompletedTask;
        });
        return probe;
    }

    /// <summary>Waits until a presence with exactly <paramref name="userNames"/> arrived; fails after 10 s.</summary>
    public async Task<RoomPresence> WaitForAsync(params string[] userNames)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        for (;;)
        {
            var match = _received.FirstOrDefault(p => p.UserNames.SequenceEqual(userNames));
            if (match is not null)
            {
                return match;
            }

            var left = deadline - DateTime.UtcNow;
            Assert.True(left > TimeSpan.Zero && await _arrived.WaitAsync(left),
                $"No presence [{string.Join(", ", userNames)}] arrived; got: "
                + string.Join(" | ", _received.Select(p => "[" + string.Join(", ", p.UserNames) + "]")));
        }
    }

    /// <summary>Unsubscribes.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_handle is not null)
        {
            await _handle.UnsubscribeAsync();
        }
    }
}
