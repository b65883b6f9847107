using Chapp.Silo;
using Chapp.Silo.Schema;
using Chapp.Silo.Storage;
using Xunit.Abstractions;

namespace Chapp.Grains.Tests;

/// <summary>
/// A saturated server's thread pool holds a thousand socket writes at the back of its global queue. A room's commit and
/// the room's way back from it must not wait behind them: the append is committed on the appending thread's own queue,
/// and what awaits it resumes there, ahead of the queued writes (docs/PERFORMANCE.md, "The post path under saturation").
/// </summary>
[Collection(ThreadPoolCollection.Name)]
public sealed class SqliteHandBackTests(ITestOutputHelper output)
{
    // Two thousand, half a second of work on two cores. Ten thousand (seconds of it) failed more often in CI: the longer
    // the backlog lasts, the likelier a stall of the appending thread on a busy machine lets half of it run first.
    private const int QueuedWrites = 2000;

    [Fact]
    public async Task An_append_made_on_a_busy_thread_pool_comes_back_before_the_work_queued_ahead_of_it()
    {
        using var file = new TempSqliteFile();
        await SchemaInstaller.EnsureAsync(DatabaseKind.Sqlite, file.ConnectionString);
        await using var log = new SqliteMessageLog(file.ConnectionString);
        await log.AppendAsync([Message(1)]);

        // The fan-out's socket writes, at the back of the global queue; each attempt appends the next seq.
        var ran = await SocketWriteBacklog.RanWhileEachAttemptAsync(QueuedWrites, TimeSpan.FromMilliseconds(0.5), attempt => log.AppendAsync([Message(attempt + 2)]));

        output.WriteLine($"work items run before the append came back, by attempt: {string.Join(", ", ran)}");
        Assert.True(ran[^1] < QueuedWrites / 2,
            $"The append came back after {string.Join(", then ", ran)} of the {QueuedWrites} work items queued before it had run: it waited behind them.");
        Assert.Equal(Enumerable.Range(1, ran.Count + 1).Select(seq => (long)seq), (await log.ReadAfterAsync("room-h", 0, 10)).Select(m => m.Seq));
    }

    private static ChatMessage Message(long seq) =>
        new("room-h", seq, Guid.NewGuid(), "alice", "Alice", $"hello {seq}", DateTimeOffset.UnixEpoch.AddSeconds(seq), $"c{seq}");
}
