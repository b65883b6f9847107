using System.Collections.Concurrent;
using Orleans.Streams;

namespace Chapp.Grains.Tests;

/// <summary>Subscribes to one stream the way the web app does and collects what arrives.</summary>
public sealed class StreamProbe<T> : IAsyncDisposable
{
    private readonly ConcurrentQueue<T> _received = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private IAsyncDisposable? _handle;

    /// <summary>Items received so far, in arrival order.</summary>
    public IReadOnlyList<T> Received => _received.ToArray();

    /// <summary>Subscribes to the stream (<paramref name="streamNamespace"/>, <paramref name="key"/>) through <paramref name="client"/>.</summary>
    public static async Task<StreamProbe<T>> SubscribeAsync(IClusterClient client, string streamNamespace, string key)
    {
        var probe = new StreamProbe<T>();
        var stream = client.GetStreamProvider(ChappNames.StreamProvider).GetStream<T>(StreamId.Create(streamNamespace, key));
        probe._handle = new Handle<T>(await stream.SubscribeAsync((item, _) => probe.Take(item)));
        return probe;
    }

    /// <summary>
    /// Subscribes to <paramref name="roomId"/>'s side stream (<see cref="RoomSideStream"/>) through <paramref name="client"/>
    /// and keeps only its items of type <typeparamref name="T"/>: the stream also carries the room's other kinds.
    /// </summary>
    public static async Task<StreamProbe<T>> SubscribeToSideAsync(IClusterClient client, string roomId)
    {
        var probe = new StreamProbe<T>();
        var stream = RoomSideStream.Of(client.GetStreamProvider(ChappNames.StreamProvider), roomId);
        probe._handle = new Handle<IRoomSideEvent>(await stream.SubscribeAsync((item, _) => item is T mine ? probe.Take(mine) : Task.CompletedTask));
        return probe;
    }

    private Task Take(T item)
    {
        _received.Enqueue(item);
        _arrived.Release();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Calls <paramref name="poke"/> (which makes one item arrive and returns how to know it) until one of its items
    /// arrives, up to 10 times. A pulling agent hands a new subscription its first items only once its handshake is
    /// done, so what is published right after <see cref="SubscribeAsync"/> returns can pass it by; after this, nothing can.
    /// </summary>
    public async Task LiveAsync(Func<Task<Func<T, bool>>> poke)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var match = await poke();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(1);
            while (!_received.Any(match))
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left))
                {
                    break;
                }
            }

            if (_received.Any(match))
            {
                return;
            }
        }

        Assert.Fail("The subscription never went live.");
    }

    /// <summary>Waits until at least <paramref name="count"/> items arrived (10 s by default); returns all received.</summary>
    public async Task<IReadOnlyList<T>> WaitForAsync(int count, TimeSpan? timeout = null)
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

    /// <summary>Waits until an item matching <paramref name="match"/> arrived; fails after 10 s, naming <paramref name="what"/>.</summary>
    public async Task<T> WaitForAsync(Func<T, bool> match, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        for (;;)
        {
            var found = _received.FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }

            var left = deadline - DateTime.UtcNow;
            Assert.True(left > TimeSpan.Zero && await _arrived.WaitAsync(left), $"Nothing like {what} arrived; got: {string.Join(" | ", _received)}");
        }
    }

    /// <summary>Unsubscribes.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_handle is not null)
        {
            await _handle.DisposeAsync();
        }
    }

    // The subscription of either kind, whatever the stream's item type.
    private sealed class Handle<TItem>(StreamSubscriptionHandle<TItem> handle) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await handle.UnsubscribeAsync();
    }
}
