using Chapp.Silo;
using Chapp.Silo.Schema;
using Chapp.Silo.Storage;

namespace Chapp.Grains.Tests;

/// <summary>
/// The PostgreSQL twin of <see cref="SqliteHandBackTests"/>: a saturated server's thread pool holds a thousand socket
/// writes at the back of its global queue, and a room's commit must not come back behind them. An awaited socket read
/// completes through that queue; the commit runs on the appending thread's own queue and waits for its answer there
/// (docs/PERFORMANCE.md, "The PostgreSQL commit under saturation").
/// </summary>
public sealed class PostgresHandBackTests
{
    private const int QueuedWrites = 2000;

    [Fact]
    public async Task An_append_made_on_a_busy_thread_pool_comes_back_before_the_work_queued_ahead_of_it()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await SchemaInstaller.EnsureAsync(DatabaseKind.PostgreSql, database.ConnectionString);
        await using var dataSource = PostgresDataSource.Create(database.ConnectionString);
        var log = new PostgresMessageLog(dataSource);
        await log.AppendAsync([Message(1)]);

        var ran = 0;
        var ranWhenBack = await Task.Run(async () =>
        {
            // The fan-out's socket writes, at the back of the global queue: a millisecond of work each, so that half of
            // them take a second on two cores, far longer than a commit (a loaded PostgreSQL's slowest is ~0.1 s).
            for (var i = 0; i < QueuedWrites; i++)
            {
                ThreadPool.UnsafeQueueUserWorkItem<object?>(_ =>
                {
                    var until = DateTime.UtcNow.AddTicks(TimeSpan.TicksPerMillisecond);
                    while (DateTime.UtcNow < until)
                    {
                        Thread.SpinWait(20);
                    }

                    Interlocked.Increment(ref ran);
                }, null, preferLocal: false);
            }

            await log.AppendAsync([Message(2)]);
            return Volatile.Read(ref ran);
        });

        Assert.True(ranWhenBack < QueuedWrites / 2,
            $"The append came back after {ranWhenBack} of the {QueuedWrites} work items queued before it had run: it waited behind them.");
        Assert.Equal([1L, 2L], (await log.ReadAfterAsync("room-h", 0, 10)).Select(m => m.Seq));
    }

    [Fact]
    public async Task A_repeated_client_id_is_refused_as_a_duplicate_and_stores_nothing()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await SchemaInstaller.EnsureAsync(DatabaseKind.PostgreSql, database.ConnectionString);
        await using var dataSource = PostgresDataSource.Create(database.ConnectionString);
        var log = new PostgresMessageLog(dataSource);
        await log.AppendAsync([Message(1)]);

        var repeat = Message(2) with { ClientMessageId = "c1" };
        await Assert.ThrowsAsync<DuplicateMessageException>(() => Task.Run(() => log.AppendAsync([Message(3) with { Seq = 2, ClientMessageId = "c2" }, repeat with { Seq = 3 }])));

        Assert.Equal([1L], (await log.ReadAfterAsync("room-h", 0, 10)).Select(m => m.Seq));
    }

    private static ChatMessage Message(long seq) =>
        new("room-h", seq, Guid.NewGuid(), "alice", "Alice", $"hello {seq}", DateTimeOffset.UnixEpoch.AddSeconds(seq), $"c{seq}");
}
