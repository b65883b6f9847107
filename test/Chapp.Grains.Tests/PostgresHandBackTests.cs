using Chapp.Silo.Storage;

namespace Chapp.Grains.Tests;

/// <summary>
/// The PostgreSQL twin of <see cref="SqliteHandBackTests"/>: a saturated server's thread pool holds a thousand socket
/// writes at the back of its global queue, and a room's commit must not come back behind them. An awaited socket read
/// completes through that queue; the commit runs on the appending thread's own queue and waits for its answer there
/// (docs/PERFORMANCE.md, "The PostgreSQL commit under saturation").
/// </summary>
[Collection(ThreadPoolCollection.Name)]
public sealed class PostgresHandBackTests
{
    private const int QueuedWrites = 2000;

    // A millisecond each: half of them take a second on two cores, far longer than a commit.
    private static readonly TimeSpan Work = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task An_append_made_on_a_busy_thread_pool_comes_back_before_the_work_queued_ahead_of_it()
    {
        await using var store = await PostgresTestLog.CreateAsync();
        var log = store.Log;
        await log.AppendAsync([Message(1)]);

        var ran = 0;
        var ranWhenBack = await Task.Run(async () =>
        {
            // The fan-out's socket writes, at the back of the global queue: a millisecond of work each, so that half of
            // them take a second on two cores, far longer than a commit (a loaded PostgreSQL's slowest is ~0.1 s).
            SocketWriteBacklog.Queue(QueuedWrites, Work, () => Interlocked.Increment(ref ran));
            await log.AppendAsync([Message(2)]);
            return Volatile.Read(ref ran);
        });

        Assert.True(ranWhenBack < QueuedWrites / 2,
            $"The append came back after {ranWhenBack} of the {QueuedWrites} work items queued before it had run: it waited behind them.");
        Assert.Equal([1L, 2L], (await log.ReadAfterAsync("room-h", 0, 10)).Select(m => m.Seq));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_repeated_client_id_is_refused_as_a_duplicate_and_stores_nothing(bool saturated)
    {
        await using var store = await PostgresTestLog.CreateAsync();
        var log = store.Log;
        await log.AppendAsync([Message(1)]);

        var repeat = Message(2) with { ClientMessageId = "c1" };
        // Quiet, the commit is awaited; saturated, it runs on this thread: both must refuse the repeat the same way.
        await Assert.ThrowsAsync<DuplicateMessageException>(() => Task.Run(() =>
        {
            if (saturated)
            {
                SocketWriteBacklog.Queue(QueuedWrites, Work, () => { });
            }

            return log.AppendAsync([Message(3) with { Seq = 2, ClientMessageId = "c2" }, repeat with { Seq = 3 }]);
        }));

        Assert.Equal([1L], (await log.ReadAfterAsync("room-h", 0, 10)).Select(m => m.Seq));
    }

    [Fact]
    public async Task Many_rooms_committing_at_once_block_no_more_pool_threads_than_allowed()
    {
        const int Rooms = 20;
        await using var store = await PostgresTestLog.CreateAsync();
        var log = store.Log;
        await log.AppendAsync([Message(1)]);

        // A slow database: every room's commit waits on a lock another session holds.
        await using var hold = await SlowDatabase.LockLogAsync(store.Database);

        // Under saturation, where appends may block at all: all 20 rooms append behind a long queue.
        var appends = await Task.Run(() =>
        {
            SocketWriteBacklog.Queue(QueuedWrites, Work, () => { });
            return Enumerable.Range(0, Rooms).Select(i => log.AppendAsync([Message(1, $"room-{i}")])).ToArray();
        });
        var waiting = await hold.WaitersAsync(Rooms);

        var blocking = PostgresLocalCommit.Blocking;
        await hold.ReleaseAsync();
        await Task.WhenAll(appends);

        Assert.Equal(Rooms, waiting);
        Assert.True(blocking <= PostgresLocalCommit.MaxBlocking,
            $"{blocking} commits blocked a pool thread at once; at most {PostgresLocalCommit.MaxBlocking} may.");
        for (var i = 0; i < Rooms; i++)
        {
            Assert.Single(await log.ReadAfterAsync($"room-{i}", 0, 10));
        }
    }

    [Fact]
    public async Task On_a_quiet_thread_pool_a_commit_blocks_no_thread()
    {
        await using var store = await PostgresTestLog.CreateAsync();
        var log = store.Log;
        await log.AppendAsync([Message(1)]);

        // A commit that takes long (a lock another session holds) while the pool has nothing queued: a light load.
        await using var hold = await SlowDatabase.LockLogAsync(store.Database);

        var append = Task.Run(() => log.AppendAsync([Message(2)]));
        Assert.Equal(1, await hold.WaitersAsync(1));

        var blocking = PostgresLocalCommit.Blocking;
        await hold.ReleaseAsync();
        await append;

        Assert.Equal(0, blocking);
        Assert.Equal([1L, 2L], (await log.ReadAfterAsync("room-h", 0, 10)).Select(m => m.Seq));
    }

    private static ChatMessage Message(long seq, string room = "room-h") =>
        new(room, seq, Guid.NewGuid(), "alice", "Alice", $"hello {seq}", DateTimeOffset.UnixEpoch.AddSeconds(seq), $"c{seq}");
}
