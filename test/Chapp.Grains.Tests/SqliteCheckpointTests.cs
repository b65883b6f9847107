using Chapp.Silo;
using Chapp.Silo.Schema;
using Chapp.Silo.Storage;

namespace Chapp.Grains.Tests;

/// <summary>
/// The SQLite message log's write-ahead log is copied back into the database off the commit path: no commit runs a
/// checkpoint at chat pace (SQLite's automatic one ran inside the commit that took the log past 1,000 pages), the
/// background checkpointer keeps the log short, and commits back to back still cannot grow it without bound. No
/// message is lost on the way.
/// </summary>
public sealed class SqliteCheckpointTests
{
    private const int PageSize = 4096;

    // SQLite's automatic checkpoint starts at 1,000 pages and resets the log to its start, so with it the file never
    // grows much past this.
    private const long AutoCheckpointBytes = 1000L * PageSize;

    [Fact]
    public async Task A_commit_never_checkpoints_the_log_itself()
    {
        using var file = new TempSqliteFile();
        await SchemaInstaller.EnsureAsync(DatabaseKind.Sqlite, file.ConnectionString);

        // The background checkpointer gets one turn after the first commit, then none for an hour.
        await using var log = new SqliteMessageLog(file.ConnectionString, TimeSpan.FromHours(1));
        await AppendAsync(log, "room-a", commits: 1000, pause: TimeSpan.Zero);

        var walBytes = new FileInfo(file.Path + "-wal").Length;
        Assert.True(walBytes > 2 * AutoCheckpointBytes,
            $"The write-ahead log is {walBytes / PageSize} pages: a commit checkpointed it (at most {AutoCheckpointBytes / PageSize} pages when commits do).");
        Assert.Equal(0, log.WriterCheckpoints);
        Assert.Equal(2000, (await log.ReadAfterAsync("room-a", 0, 3000)).Count);
    }

    [Fact]
    public async Task At_chat_pace_the_background_keeps_the_log_short_and_no_commit_waits_for_a_checkpoint()
    {
        using var file = new TempSqliteFile();
        await SchemaInstaller.EnsureAsync(DatabaseKind.Sqlite, file.ConnectionString);

        await using (var log = new SqliteMessageLog(file.ConnectionString, TimeSpan.FromMilliseconds(10)))
        {
            await AppendAsync(log, "room-b", commits: 300, pause: TimeSpan.FromMilliseconds(2));

            var walBytes = new FileInfo(file.Path + "-wal").Length;
            // No longer than SQLite's own automatic checkpoint would keep it (a log left to the commits alone passes
            // 2,000 pages: the test above); half that proved a timing on a loaded 2-core CI machine (586, 744 pages).
            Assert.True(walBytes < AutoCheckpointBytes,
                $"The write-ahead log grew to {walBytes / PageSize} pages ({log.Checkpoints} background checkpoints).");
            Assert.Equal(0, log.WriterCheckpoints);
        }

        // A fresh log (as after a restart) reads every message back, in order.
        await using var reopened = new SqliteMessageLog(file.ConnectionString);
        var stored = await reopened.ReadAfterAsync("room-b", 0, 1000);
        Assert.Equal(Enumerable.Range(1, 600).Select(i => (long)i), stored.Select(m => m.Seq));
    }

    [Fact]
    public async Task Commits_back_to_back_still_keep_the_log_near_the_automatic_checkpoints_size()
    {
        using var file = new TempSqliteFile();
        await SchemaInstaller.EnsureAsync(DatabaseKind.Sqlite, file.ConnectionString);

        await using var log = new SqliteMessageLog(file.ConnectionString, TimeSpan.FromMilliseconds(10));
        await AppendAsync(log, "room-c", commits: 600, pause: TimeSpan.Zero);

        var walBytes = new FileInfo(file.Path + "-wal").Length;
        Assert.True(walBytes < 2 * AutoCheckpointBytes,
            $"The write-ahead log grew to {walBytes / PageSize} pages ({log.Checkpoints} background checkpoints, {log.WriterCheckpoints} by the writer).");
        Assert.Equal(1200, (await log.ReadAfterAsync("room-c", 0, 2000)).Count);
    }

    // One commit per call (each awaited), two messages each, bodies about the size of a chat line.
    private static async Task AppendAsync(SqliteMessageLog log, string roomId, int commits, TimeSpan pause)
    {
        var body = string.Join(' ', Enumerable.Repeat("the quick brown fox jumps over the lazy dog", 4));
        var seq = 0L;
        for (var commit = 0; commit < commits; commit++)
        {
            var batch = new List<ChatMessage>();
            for (var i = 0; i < 2; i++)
            {
                seq++;
                batch.Add(new ChatMessage(roomId, seq, Guid.NewGuid(), "alice", "Alice", $"{body} {seq}", DateTimeOffset.UnixEpoch.AddSeconds(seq), $"c{seq}"));
            }

            await log.AppendAsync(batch);
            if (pause > TimeSpan.Zero)
            {
                await Task.Delay(pause);
            }
        }
    }
}
