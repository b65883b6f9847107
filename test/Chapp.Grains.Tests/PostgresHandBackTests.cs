using Chapp.Silo.Storage;
using Xunit.Abstractions;

namespace Chapp.Grains.Tests;

/// <summary>
/// The PostgreSQL twin of <see cref="SqliteHandBackTests"/>: a saturated server's thread pool holds a thousand socket
/// writes at the back of its global queue, and a room's commit must not come back behind them. An awaited socket read
/// completes through that queue; the commit runs on the appending thread's own queue and waits for its answer there
/// (docs/PERFORMANCE.md, "The PostgreSQL commit under saturation"). Rooms appending meanwhile share the next commit.
/// </summary>
[Collection(ThreadPoolCollection.Name)]
public sealed class PostgresHandBackTests(ITestOutputHelper output)
{
    // Two thousand, a second of work on two cores (see SqliteHandBackTests for why not more). Leftovers skip their work.
    private const int QueuedWrites = 2000;

    // A millisecond each: half the backlog takes a second on two cores, far longer than a commit (a loaded PostgreSQL's
    // slowest is ~0.1 s).
    private static readonly TimeSpan Work = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task An_append_made_on_a_busy_thread_pool_comes_back_before_the_work_queued_ahead_of_it()
    {
        await using var store = await PostgresTestLog.CreateAsync();
        var log = store.Log;
        await log.AppendAsync([Message(1)]);

        // The fan-out's socket writes, at the back of the global queue; each attempt appends the next seq.
        var ran = await SocketWriteBacklog.RanWhileEachAttemptAsync(QueuedWrites, Work, attempt => log.AppendAsync([Message(attempt + 2)]));

        output.WriteLine($"work items run before the append came back, by attempt: {string.Join(", ", ran)}");
        Assert.True(ran[^1] < QueuedWrites / 2,
            $"The append came back after {string.Join(", then ", ran)} of the {QueuedWrites} work items queued before it had run: it waited behind them.");
        Assert.Equal(Enumerable.Range(1, ran.Count + 1).Select(seq => (long)seq), (await log.ReadAfterAsync("room-h", 0, 10)).Select(m => m.Seq));
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
        await Assert.ThrowsAsync<DuplicateMessageException>(() => Task.Run(async () =>
        {
            using var backlog = saturated ? SocketWriteBacklog.Queue(QueuedWrites, Work) : null;
            await log.AppendAsync([Message(3) with { Seq = 2, ClientMessageId = "c2" }, repeat with { Seq = 3 }]);
        }));

        Assert.Equal([1L], (await log.ReadAfterAsync("room-h", 0, 10)).Select(m => m.Seq));
    }

    [Fact]
    public async Task Rooms_appending_while_a_commit_is_in_flight_share_the_next_one_on_one_connection()
    {
        const int Rooms = 20;
        await using var slow = await CommitInFlight.StartAsync(Message(1), Message(1, "room-first"));
        var log = slow.Store.Log;
        var commitsBefore = log.Writer.Commits;
        var appends = Enumerable.Range(0, Rooms).Select(i => Task.Run(() => log.AppendAsync([Message(1, $"room-{i}")]))).ToArray();

        // Given time to open sessions of their own, they must not: one connection waits, whatever the rooms.
        var waiting = await slow.WaitersAsync(2);
        await slow.ReleaseAsync();
        await Task.WhenAll(appends);

        Assert.Equal(1, waiting);
        Assert.Equal(1, log.Writer.Commits - commitsBefore);
        for (var i = 0; i < Rooms; i++)
        {
            Assert.Equal("hello 1", Assert.Single(await log.ReadAfterAsync($"room-{i}", 0, 10)).Text);
        }
    }

    [Fact]
    public async Task A_refused_room_in_a_shared_commit_fails_alone_and_the_others_are_stored_once()
    {
        await using var slow = await CommitInFlight.StartAsync(Message(1), Message(1, "room-first"));
        var log = slow.Store.Log;

        // Queued together behind the first: a good room, a retry of room-h's stored c1 under a new seq, another good room.
        var before = Task.Run(() => log.AppendAsync([Message(1, "room-a"), Message(2, "room-a")]));
        var repeat = Task.Run(() => log.AppendAsync([Message(2) with { ClientMessageId = "c1" }]));
        var after = Task.Run(() => log.AppendAsync([Message(1, "room-b")]));
        await slow.QueuedAsync(3);
        await slow.ReleaseAsync();

        await Assert.ThrowsAsync<DuplicateMessageException>(() => repeat);
        await Task.WhenAll(before, after);
        Assert.Equal([1L, 2L], (await log.ReadAfterAsync("room-a", 0, 10)).Select(m => m.Seq));
        Assert.Equal([1L], (await log.ReadAfterAsync("room-b", 0, 10)).Select(m => m.Seq));
        Assert.Equal([1L], (await log.ReadAfterAsync("room-h", 0, 10)).Select(m => m.Seq));
    }

    [Fact]
    public async Task New_messages_of_several_rooms_and_another_room_s_edit_share_a_commit_and_each_lands_in_its_room()
    {
        await using var slow = await CommitInFlight.StartAsync(Message(1), Message(1, "room-first"));
        var log = slow.Store.Log;
        var commitsBefore = log.Writer.Commits;

        var edit = Message(2) with { Kind = RoomEventKind.Edit, TargetSeq = 1, Text = "hello, edited", EditedAt = DateTimeOffset.UnixEpoch.AddHours(1), ClientMessageId = "e2" };
        var appends = new[]
        {
            Task.Run(() => log.AppendAsync([Message(1, "room-a"), Message(2, "room-a")])),
            Task.Run(() => log.AppendAsync([edit])),
            Task.Run(() => log.AppendAsync([Message(1, "room-b")])),
        };
        await slow.QueuedAsync(3);
        await slow.ReleaseAsync();
        await Task.WhenAll(appends);

        Assert.Equal(1, log.Writer.Commits - commitsBefore);
        Assert.Equal([(1L, "hello 1"), (2L, "hello 2")], (await log.ReadAfterAsync("room-a", 0, 10)).Select(m => (m.Seq, m.Text)));
        Assert.Equal([(1L, "hello 1")], (await log.ReadAfterAsync("room-b", 0, 10)).Select(m => (m.Seq, m.Text)));
        var roomH = await log.ReadAfterAsync("room-h", 0, 10);
        Assert.Equal([(1L, "hello, edited", RoomEventKind.Message), (2L, "hello, edited", RoomEventKind.Edit)], roomH.Select(m => (m.Seq, m.Text, m.Kind)));
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

        var blocking = log.Writer.Blocking;
        await hold.ReleaseAsync();
        await append;

        Assert.Equal(0, blocking);
        Assert.Equal([1L, 2L], (await log.ReadAfterAsync("room-h", 0, 10)).Select(m => m.Seq));
    }

    private static ChatMessage Message(long seq, string room = "room-h") =>
        new(room, seq, Guid.NewGuid(), "alice", "Alice", $"hello {seq}", DateTimeOffset.UnixEpoch.AddSeconds(seq), $"c{seq}");
}
