using System.Collections.Concurrent;
using Orleans.Streams;

namespace Chapp.Grains.Tests;

/// <summary>Subscribes to a room's stream the way the web app does and collects what arrives.</summary>
public sealed class RoomStreamProbe : IAsyncDisposable
{
    private readonly ConcurrentQueue<ChatMessage> _received = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private StreamSubscriptionHandle<ChatMessage>? _handle;

    /// <summary>Messages received so far, in arrival order.</summary>
    public IReadOnlyList<ChatMessage> Received => _received.ToArray();

    /// <summary>Subscribes to <paramref name="roomId"/>'s stream through <paramref name="client"/>.</summary>
    public static async Task<RoomStreamProbe> SubscribeAsync(IClusterClient client, string roomId)
    {
        var probe = new RoomStreamProbe();
        var stream = client.GetStreamProvider(ChappNames.StreamProvider)
            .GetStream<ChatMessage>(StreamId.Create(ChappNames.RoomStreamNamespace, roomId));
        probe._handle = await stream.SubscribeAsync((message, _) =>
        {
            probe._received.Enqueue(message);
            probe._arrived.Release();
            return Task.CompletedTask;
        });
        return probe;
    }

    /// <summary>Waits until at least <paramref name="count"/> messages arrived; returns them.</summary>
    public async Task<IReadOnlyList<ChatMessage>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (_received.Count < count)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left))
            {
                break;
            }
        }

        return Received;
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
