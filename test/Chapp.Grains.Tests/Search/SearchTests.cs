using Chapp.Grains.Search;
using Microsoft.Data.Sqlite;

namespace Chapp.Grains.Tests.Search;

/// <summary>
/// Search as users and attackers use it, on both databases: Mallory hunting for Alice and Bob's private words,
/// hostile query syntax, the index following changes made in place, and a database that held messages before
/// search existed.
/// </summary>
public sealed class SearchTests
{
    [Fact]
    public async Task On_sqlite_mallory_never_finds_a_private_conversation_and_alice_finds_her_own()
    {
        using var file = new TempSqliteFile();
        await using var host = await ChappSiloHost.StartSqliteAsync(file.Path);
        await PrivateWordsStayPrivate(host.Grains);
    }

    [Fact]
    public async Task On_postgresql_mallory_never_finds_a_private_conversation_and_alice_finds_her_own()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var host = await ChappSiloHost.StartPostgresAsync(database.ConnectionString, "search-" + Guid.NewGuid().ToString("N")[..8]);
        await PrivateWordsStayPrivate(host.Grains);
    }

    [Fact]
    public async Task On_sqlite_the_index_follows_bodies_changed_in_place_and_old_messages_are_backfilled()
    {
        using var file = new TempSqliteFile();
        string room;
        await using (var host = await ChappSiloHost.StartSqliteAsync(file.Path))
        {
            room = await NewPublicRoom(host.Grains, "erin");
            await host.Grains.GetRoom(room).Post("erin", "Erin", "the quokka smiles", "c1");
            await host.Grains.GetRoom(room).Post("erin", "Erin", "a wombat digs", "c2");
            Assert.Single((await Search(host.Grains, "erin", "quokka")).Hits);

            await EditAndDelete(host.Grains, room);

            await Sqlite(file.ConnectionString, $"DELETE FROM chapp_messages WHERE room_id = '{room}' AND seq = 1");
            Assert.Empty((await Search(host.Grains, "erin", "numbat")).Hits);
            await host.Grains.GetRoom(room).Post("erin", "Erin", "an echidna before search existed", "c3");
        }

        // A database made before search: no index, no triggers, messages already there.
        await Sqlite(file.ConnectionString,
            "DROP TRIGGER chapp_messages_fts_delete; DROP TRIGGER chapp_messages_fts_update; DROP TABLE chapp_messages_fts; DROP TABLE chapp_search_progress");
        await using (var host = await ChappSiloHost.StartSqliteAsync(file.Path))
        {
            Assert.Equal(5, Assert.Single((await Search(host.Grains, "erin", "echidna")).Hits).Seq);
            await host.Grains.GetRoom(room).Post("erin", "Erin", "and an echidna after", "c4");
            Assert.Equal([6L, 5L], (await Search(host.Grains, "erin", "echidna")).Hits.Select(h => h.Seq));
        }
    }

    [Fact]
    public async Task On_postgresql_the_index_follows_bodies_changed_in_place_and_old_messages_are_backfilled()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var cluster = "search-" + Guid.NewGuid().ToString("N")[..8];
        string room;
        await using (var host = await ChappSiloHost.StartPostgresAsync(database.ConnectionString, cluster))
        {
            room = await NewPublicRoom(host.Grains, "erin");
            await host.Grains.GetRoom(room).Post("erin", "Erin", "the quokka smiles", "c1");
            await host.Grains.GetRoom(room).Post("erin", "Erin", "a wombat digs", "c2");
            Assert.Single((await Search(host.Grains, "erin", "quokka")).Hits);

            await EditAndDelete(host.Grains, room);
            await host.Grains.GetRoom(room).Post("erin", "Erin", "an echidna before search existed", "c3");
        }

        // A database made by the previous Chapp: its search index on the words alone. The installer replaces it.
        await database.ScalarAsync("DROP INDEX chapp_messages_room_words");
        await database.ScalarAsync(
            "CREATE INDEX chapp_messages_words ON chapp_messages USING gin (to_tsvector('simple'::regconfig, body)) WHERE kind = 0 AND NOT deleted");
        await using (var host = await ChappSiloHost.StartPostgresAsync(database.ConnectionString, cluster))
        {
            Assert.Equal(5, Assert.Single((await Search(host.Grains, "erin", "echidna")).Hits).Seq);
            Assert.Equal(1L, await database.ScalarAsync("SELECT count(*) FROM pg_indexes WHERE indexname = 'chapp_messages_room_words'"));
            Assert.Equal(0L, await database.ScalarAsync("SELECT count(*) FROM pg_indexes WHERE indexname = 'chapp_messages_words'"));
        }
    }

    // An edit rewrites the message's body in place and stores an event row carrying the new text (seq 3); a delete
    // sets deleted and empties the body (event seq 4). Only the message itself is ever found, in its current state.
    private static async Task EditAndDelete(IGrainFactory grains, string room)
    {
        await grains.GetRoom(room).Edit("erin", 1, "the numbat smiles");
        await grains.GetRoom(room).Delete("erin", 2);

        Assert.Empty((await Search(grains, "erin", "quokka")).Hits);
        Assert.Empty((await Search(grains, "erin", "wombat")).Hits);
        var edited = Assert.Single((await Search(grains, "erin", "numbat")).Hits);
        Assert.Equal((1L, RoomEventKind.Message, "the numbat smiles"), (edited.Seq, edited.Kind, edited.Text));
    }

    private static async Task PrivateWordsStayPrivate(IGrainFactory grains)
    {
        var (alice, bob, mallory) = (NewUser("alice"), NewUser("bob"), NewUser("mallory"));
        var direct = DirectRooms.RoomId(alice, bob);
        await grains.GetRoom(direct).Create("alice & bob", RoomKind.Private, alice, [bob]);
        await grains.GetRoom(direct).Post(alice, "Alice", "The vault code is pineapple 7731, keep it between us", "a1");
        var lobby = await NewPublicRoom(grains, alice);
        await grains.GetUser(bob).JoinRoom(lobby);
        await grains.GetUser(mallory).JoinRoom(lobby);
        await grains.GetRoom(lobby).Post(bob, "Bob", "Pineapple pizza tonight?", "b1");

        // Alice sees both, newest first; Mallory only the public one, whatever she types.
        var aliceHits = (await Search(grains, alice, "pineapple")).Hits;
        Assert.Equal([lobby, direct], aliceHits.Select(h => h.RoomId));
        var attacks = new[]
        {
            "pineapple", "vault code", "7731", "PINEAPPLE", "pineapple OR vault", "vault OR pizza", "\"vault\" OR \"pizza\"",
            "body:vault", "vault*", "NEAR(vault code)", "pizza | vault", "!pizza & vault", "') OR 1=1 --",
            "vault' OR room_id LIKE '%", "{body} : vault", "^vault", "vault -pizza", "pizza:*",
        };
        foreach (var attack in attacks)
        {
            var hits = (await Search(grains, mallory, attack)).Hits;
            Assert.DoesNotContain(hits, h => h.RoomId == direct);
            Assert.All(hits, h => Assert.Equal(lobby, h.RoomId));
        }

        // Bob left nothing readable to Mallory; only the words in the room she reads are found.
        Assert.Equal("Pineapple pizza tonight?", Assert.Single((await Search(grains, mallory, "pineapple")).Hits).Text);
        Assert.Empty((await Search(grains, mallory, "vault")).Hits);

        // Hostile input gets a clear refusal and changes nothing.
        var empty = await Assert.ThrowsAsync<ChatException>(() => Search(grains, mallory, "\"*:() ^"));
        var tooLong = await Assert.ThrowsAsync<ChatException>(() => Search(grains, mallory, new string('a', SearchQuery.MaxLength + 1)));
        var tooMany = await Assert.ThrowsAsync<ChatException>(() => Search(grains, mallory, "a b c d e f g h i"));
        var deepPage = await Assert.ThrowsAsync<ChatException>(() => grains.GetSearch().Search(mallory, "pineapple", SearchGrain.MaxPage + 1));
        Assert.Contains("at least one word", empty.Message);
        Assert.Contains($"at most {SearchQuery.MaxLength} characters", tooLong.Message);
        Assert.Contains($"at most {SearchQuery.MaxTerms} words", tooMany.Message);
        Assert.Contains("pages go from 1", deepPage.Message);
        Assert.Equal(2, (await Search(grains, alice, "pineapple")).Hits.Count);
    }

    private static Task<SearchPage> Search(IGrainFactory grains, string user, string text) => grains.GetSearch().Search(user, text, 0);

    private static async Task<string> NewPublicRoom(IGrainFactory grains, string user)
    {
        var id = "t-" + Guid.NewGuid().ToString("N")[..12];
        await grains.GetRoom(id).Create("Test " + id, RoomKind.Public, user, []);
        await grains.GetUser(user).JoinRoom(id);
        return id;
    }

    private static string NewUser(string prefix) => prefix + "_" + Guid.NewGuid().ToString("N")[..8];

    private static async Task Sqlite(string connectionString, string sql)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new SqliteCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
