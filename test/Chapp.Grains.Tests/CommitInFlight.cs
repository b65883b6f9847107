namespace Chapp.Grains.Tests;

/// <summary>
/// A PostgreSQL message log whose commit in flight waits on a lock another session holds (<see cref="SlowDatabase"/>):
/// appends made meanwhile queue behind it, for the group commit's tests.
/// </summary>
public sealed class CommitInFlight : IAsyncDisposable
{
    private readonly SlowDatabase _hold;
    private readonly Task _first;

    private CommitInFlight(PostgresTestLog store, SlowDatabase hold, Task first)
    {
        Store = store;
        _hold = hold;
        _first = first;
    }

    /// <summary>The log and its database.</summary>
    public PostgresTestLog Store { get; }

    /// <summary>A fresh log holding <paramref name="stored"/>, then <paramref name="waiting"/>'s commit waiting on the lock.</summary>
    public static async Task<CommitInFlight> StartAsync(ChatMessage stored, ChatMessage waiting)
    {
        var store = await PostgresTestLog.CreateAsync();
        await store.Log.AppendAsync([stored]);
        var hold = await SlowDatabase.LockLogAsync(store.Database);
        var first = Task.Run(() => store.Log.AppendAsync([waiting]));
        Assert.Equal(1, await hold.WaitersAsync(1));
        return new CommitInFlight(store, hold, first);
    }

    /// <summary>How many sessions wait on the lock, once <paramref name="atLeast"/> do or after 5 s.</summary>
    public Task<long> WaitersAsync(long atLeast) => _hold.WaitersAsync(atLeast);

    /// <summary>Completes once <paramref name="count"/> appends queue behind the commit in flight (or after 10 s).</summary>
    public async Task QueuedAsync(int count)
    {
        for (var tries = 0; tries < 200 && Store.Log.Writer.Queued < count; tries++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(count, Store.Log.Writer.Queued);
    }

    /// <summary>Lets the commit in flight, and what queued behind it, go on; completes when the first has.</summary>
    public async Task ReleaseAsync()
    {
        await _hold.ReleaseAsync();
        await _first;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _hold.DisposeAsync();
        await Store.DisposeAsync();
    }
}
