using Chapp.Silo;
using Chapp.Silo.Schema;
using Chapp.Silo.Storage;

namespace Chapp.Grains.Tests;

/// <summary>
/// The SQLite writer prepares its insert once for its connection and reuses it for every commit: many commits in a
/// row, edits in later commits, and a refused duplicate in between all store each row exactly once, in order, with the
/// edits applied, on the one statement.
/// </summary>
public sealed class SqliteInsertReuseTests
{
    [Fact]
    public async Task Many_commits_share_one_prepared_insert_and_store_every_row_once_with_edits_applied()
    {
        using var file = new TempSqliteFile();
        await SchemaInstaller.EnsureAsync(DatabaseKind.Sqlite, file.ConnectionString);
        await using var log = new SqliteMessageLog(file.ConnectionString, TimeSpan.FromHours(1));

        var posted = new List<ChatMessage>();
        for (var seq = 1L; seq <= 100; seq++)
        {
            posted.Add(Post("room-r", seq));
            await log.AppendAsync([posted[^1]]);
        }

        // Edits in two later commits: the update is prepared once and must follow the insert into each transaction.
        await log.AppendAsync([Edit("room-r", 101, target: 3, "third, edited")]);
        await log.AppendAsync([Post("room-r", 102), Edit("room-r", 103, target: 5, "fifth, edited")]);
        // A delete: its row and its message keep an empty text (the body column is NOT NULL).
        await log.AppendAsync([Edit("room-r", 104, target: 7, "") with { Kind = RoomEventKind.Delete, Deleted = true }]);

        Assert.Equal(1, log.InsertsPrepared);
        var stored = await log.ReadAfterAsync("room-r", 0, 1000);
        Assert.Equal(Enumerable.Range(1, 104).Select(i => (long)i), stored.Select(m => m.Seq));
        Assert.Equal("third, edited", stored[2].Text);
        Assert.Equal(101, stored[2].ChangedSeq);
        Assert.Equal("fifth, edited", stored[4].Text);
        Assert.Equal("message 102", stored[101].Text);
        Assert.True(stored[6].Deleted);
        Assert.Equal("", stored[6].Text);
        Assert.Equal("", stored[103].Text);
        Assert.Equal(posted.Select(m => (m.Id, m.Author, m.AuthorName, m.SentAt, m.ClientMessageId)),
            stored.Take(100).Select(m => (m.Id, m.Author, m.AuthorName, m.SentAt, m.ClientMessageId)));
        Assert.Null(stored[0].EditedAt);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(101), stored[2].EditedAt);
    }

    [Fact]
    public async Task After_a_refused_duplicate_the_next_commits_still_store_once()
    {
        using var file = new TempSqliteFile();
        await SchemaInstaller.EnsureAsync(DatabaseKind.Sqlite, file.ConnectionString);
        await using var log = new SqliteMessageLog(file.ConnectionString, TimeSpan.FromHours(1));

        await log.AppendAsync([Post("room-d", 1), Post("room-d", 2)]);
        // The same author and client id again, at a new seq: the retry the unique index turns away.
        await Assert.ThrowsAsync<DuplicateMessageException>(() => log.AppendAsync([Post("room-d", 3) with { ClientMessageId = "c2" }]));
        for (var seq = 3L; seq <= 20; seq++)
        {
            await log.AppendAsync([Post("room-d", seq)]);
        }

        var stored = await log.ReadAfterAsync("room-d", 0, 1000);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), stored.Select(m => m.Seq));
        Assert.Equal(stored.Count, stored.Select(m => m.ClientMessageId).Distinct().Count());
        // The failed commit reopened the connection once: a second insert, not one per commit after it.
        Assert.Equal(2, log.InsertsPrepared);
    }

    private static ChatMessage Post(string roomId, long seq) =>
        new(roomId, seq, Guid.NewGuid(), "alice", "Alice", $"message {seq}", DateTimeOffset.UnixEpoch.AddSeconds(seq), $"c{seq}");

    private static ChatMessage Edit(string roomId, long seq, long target, string text) =>
        new(roomId, seq, Guid.NewGuid(), "alice", "Alice", text, DateTimeOffset.UnixEpoch.AddSeconds(seq), $"e{seq}",
            RoomEventKind.Edit, target, EditedAt: DateTimeOffset.UnixEpoch.AddSeconds(seq));
}
