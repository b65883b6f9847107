using Chapp.Grains.Search;
using Chapp.Silo;
using Chapp.Silo.Schema;
using Chapp.Silo.Storage;
using Microsoft.Data.Sqlite;

namespace Chapp.Grains.Tests.Search;

/// <summary>
/// On SQLite the writer indexes new messages for search in arrears, in one statement every
/// <see cref="SqliteMessageWriter.CatchUpEvery"/> messages, yet a search still finds every message stored before it,
/// in its current state. Each test ends with FTS5's own integrity check: an index that deleted words it never had, or
/// held a row twice, fails it.
/// </summary>
public sealed class SqliteSearchCatchUpTests
{
    private const string Room = "room-s";

    [Fact]
    public async Task The_index_catches_up_every_32_messages_and_a_search_still_finds_the_one_just_stored()
    {
        using var file = new TempSqliteFile();
        await using var log = await OpenLogAsync(file);
        var search = new SqliteMessageSearch(file.ConnectionString, log);

        // The first commit catches up whatever an earlier process left, and indexes itself with it.
        await log.AppendAsync([Post(1, "zebra one")]);
        Assert.Equal(1, await Indexed(file, "zebra"));

        // The next 31 commits wait for the 32nd message since then.
        for (var seq = 2L; seq <= SqliteMessageWriter.CatchUpEvery; seq++)
        {
            await log.AppendAsync([Post(seq, $"zebra {seq}")]);
        }

        Assert.Equal(1, await Indexed(file, "zebra"));
        await log.AppendAsync([Post(33, "zebra 33")]);
        Assert.Equal(33, await Indexed(file, "zebra"));

        // A search asks for the rest first: the message stored just before it is found.
        await log.AppendAsync([Post(34, "zebra and an okapi")]);
        Assert.Equal(0, await Indexed(file, "okapi"));
        var found = Assert.Single(await search.SearchAsync([Room], SearchQuery.Parse("okapi"), 0, 10));
        Assert.Equal(34, found.Seq);
        Assert.Equal(34, (await search.SearchAsync([Room], SearchQuery.Parse("zebra"), 0, 100)).Count);
        await AssertIntegrity(file);
    }

    [Fact]
    public async Task A_message_edited_or_deleted_before_it_was_indexed_is_found_by_its_current_words_only()
    {
        using var file = new TempSqliteFile();
        await using var log = await OpenLogAsync(file);
        var search = new SqliteMessageSearch(file.ConnectionString, log);

        await log.AppendAsync([Post(1, "first the quokka")]);
        await log.AppendAsync([Post(2, "a wombat digs"), Post(3, "a numbat hides")]);
        Assert.Equal(0, await Indexed(file, "wombat"));

        // Seq 2 is edited and seq 3 deleted while neither is indexed yet.
        await log.AppendAsync([Edit(4, target: 2, "a bilby digs"), Edit(5, target: 3, "") with { Kind = RoomEventKind.Delete, Deleted = true }]);

        Assert.Empty(await search.SearchAsync([Room], SearchQuery.Parse("wombat"), 0, 10));
        Assert.Empty(await search.SearchAsync([Room], SearchQuery.Parse("numbat"), 0, 10));
        Assert.Equal((2L, "a bilby digs"), Single(await search.SearchAsync([Room], SearchQuery.Parse("bilby"), 0, 10)));

        // And once indexed, a change in place moves the words too.
        await log.AppendAsync([Edit(6, target: 2, "a bandicoot digs")]);
        Assert.Empty(await search.SearchAsync([Room], SearchQuery.Parse("bilby"), 0, 10));
        Assert.Equal((2L, "a bandicoot digs"), Single(await search.SearchAsync([Room], SearchQuery.Parse("bandicoot"), 0, 10)));
        await AssertIntegrity(file);
    }

    [Fact]
    public async Task A_message_that_takes_a_rowid_freed_by_deletes_by_hand_is_still_found()
    {
        using var file = new TempSqliteFile();
        await using var log = await OpenLogAsync(file);
        var search = new SqliteMessageSearch(file.ConnectionString, log);
        await log.AppendAsync([Post(1, "an emu runs"), Post(2, "a kiwi sleeps"), Post(3, "a moa is gone")]);
        Assert.Single(await search.SearchAsync([Room], SearchQuery.Parse("kiwi"), 0, 10));
        await log.AppendAsync([Post(4, "a dodo waits")]);

        // Rows below the mark, the mark's own row and the unindexed one after it. The table has no INTEGER PRIMARY KEY:
        // the next insert takes the largest rowid left plus one, the deleted kiwi's.
        await Sql(file, $"DELETE FROM chapp_messages WHERE room_id = '{Room}' AND seq IN (2, 3, 4)");
        await log.AppendAsync([Post(5, "a cassowary strides")]);

        foreach (var gone in new[] { "kiwi", "moa", "dodo" })
        {
            Assert.Empty(await search.SearchAsync([Room], SearchQuery.Parse(gone), 0, 10));
        }

        Assert.Equal((5L, "a cassowary strides"), Single(await search.SearchAsync([Room], SearchQuery.Parse("cassowary"), 0, 10)));
        await AssertIntegrity(file);
    }

    [Fact]
    public async Task A_database_whose_insert_trigger_indexed_every_message_is_upgraded_without_indexing_any_twice()
    {
        using var file = new TempSqliteFile();
        await SchemaInstaller.EnsureAsync(DatabaseKind.Sqlite, file.ConnectionString);
        // What the previous Chapp made: an insert trigger indexing each message, and no progress mark.
        await Sql(file, """
            DROP TABLE chapp_search_progress;
            CREATE TRIGGER chapp_messages_fts_insert AFTER INSERT ON chapp_messages
            WHEN new.kind = 0 AND new.deleted = 0
            BEGIN
                INSERT INTO chapp_messages_fts (rowid, body) VALUES (new.rowid, new.body);
            END;
            INSERT INTO chapp_messages (room_id, seq, message_id, author, author_name, body, sent_at, client_message_id)
            VALUES ('room-s', 1, '6f1c2a0e-5d4b-4c3a-9e8f-1a2b3c4d5e6f', 'alice', 'Alice', 'a platypus swims', 1, 'c-old');
            """);

        await using var log = await OpenLogAsync(file);
        var search = new SqliteMessageSearch(file.ConnectionString, log);
        await log.AppendAsync([Post(2, "a platypus dives")]);

        Assert.Equal([2L, 1L], (await search.SearchAsync([Room], SearchQuery.Parse("platypus"), 0, 10)).Select(m => m.Seq));
        Assert.Equal(0L, await Scalar(file, "SELECT count(*) FROM sqlite_master WHERE name = 'chapp_messages_fts_insert'"));
        await AssertIntegrity(file);
    }

    // Installs (or upgrades) the schema and opens the log; the checkpointer stays out of the way for an hour.
    private static async Task<SqliteMessageLog> OpenLogAsync(TempSqliteFile file)
    {
        await SchemaInstaller.EnsureAsync(DatabaseKind.Sqlite, file.ConnectionString);
        return new SqliteMessageLog(file.ConnectionString, TimeSpan.FromHours(1));
    }

    private static (long Seq, string Text) Single(IReadOnlyList<ChatMessage> hits)
    {
        var hit = Assert.Single(hits);
        return (hit.Seq, hit.Text);
    }

    // Rows the index itself holds for a word (MATCH reads the index, not the content table).
    private static async Task<long> Indexed(TempSqliteFile file, string word) =>
        await Scalar(file, $"SELECT count(*) FROM chapp_messages_fts WHERE chapp_messages_fts MATCH '{word}'");

    private static async Task AssertIntegrity(TempSqliteFile file) =>
        await Sql(file, "INSERT INTO chapp_messages_fts (chapp_messages_fts, rank) VALUES ('integrity-check', 0)");

    private static async Task<long> Scalar(TempSqliteFile file, string sql)
    {
        await using var connection = new SqliteConnection(file.ConnectionString);
        await connection.OpenAsync();
        await using var command = new SqliteCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task Sql(TempSqliteFile file, string sql)
    {
        await using var connection = new SqliteConnection(file.ConnectionString);
        await connection.OpenAsync();
        await using var command = new SqliteCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static ChatMessage Post(long seq, string text) =>
        new(Room, seq, Guid.NewGuid(), "alice", "Alice", text, DateTimeOffset.UnixEpoch.AddSeconds(seq), $"c{seq}");

    private static ChatMessage Edit(long seq, long target, string text) =>
        new(Room, seq, Guid.NewGuid(), "alice", "Alice", text, DateTimeOffset.UnixEpoch.AddSeconds(seq), $"e{seq}",
            RoomEventKind.Edit, target, EditedAt: DateTimeOffset.UnixEpoch.AddSeconds(seq));
}
