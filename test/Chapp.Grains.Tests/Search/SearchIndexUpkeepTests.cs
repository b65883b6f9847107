using Chapp.Grains.Search;

namespace Chapp.Grains.Tests.Search;

/// <summary>
/// On PostgreSQL each post updates the search index itself and leaves nothing for a later post to do. With GIN's
/// pending list (fastupdate, PostgreSQL's default) the post that fills the list past 4 MB merges it in the
/// foreground: about a second on a 1,000,000-message log, with every post of its room waiting behind it.
/// <c>gin_clean_pending_list</c> returns the pages it had to merge: the work a later post would have paid.
/// </summary>
public sealed class SearchIndexUpkeepTests
{
    private const string PendingPages = "SELECT gin_clean_pending_list('chapp_messages_room_words')";

    [Fact]
    public async Task On_postgresql_posts_leave_no_search_index_work_for_a_later_post()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var host = await ChappSiloHost.StartPostgresAsync(database.ConnectionString, "upkeep-" + Guid.NewGuid().ToString("N")[..8]);
        var room = await NewPublicRoom(host.Grains, "erin");

        await PostMany(host.Grains, room, "first");

        Assert.Equal(0L, await database.ScalarAsync(PendingPages));
        Assert.Equal(12, (await host.Grains.GetSearch().Search("erin", "quokka", 0)).Hits.Count);
    }

    [Fact]
    public async Task On_postgresql_an_index_made_by_an_earlier_chapp_stops_deferring_work_and_keeps_finding_messages()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var cluster = "upkeep-" + Guid.NewGuid().ToString("N")[..8];
        string room;
        await using (var host = await ChappSiloHost.StartPostgresAsync(database.ConnectionString, cluster))
        {
            room = await NewPublicRoom(host.Grains, "erin");
        }

        // What an earlier Chapp made: the same index with PostgreSQL's default pending list, holding messages.
        await database.ScalarAsync("ALTER INDEX chapp_messages_room_words SET (fastupdate = on)");
        await database.ScalarAsync(
            $"INSERT INTO chapp_messages (room_id, seq, message_id, author, author_name, body, sent_at, client_message_id) " +
            $"VALUES ('{room}', 1, gen_random_uuid(), 'erin', 'Erin', 'an echidna from before', now(), 'old-1')");
        Assert.NotEqual(0L, await database.ScalarAsync(PendingPages));

        await using (var host = await ChappSiloHost.StartPostgresAsync(database.ConnectionString, cluster))
        {
            await PostMany(host.Grains, room, "later");

            Assert.Equal(0L, await database.ScalarAsync(PendingPages));
            Assert.Equal(1, Assert.Single((await host.Grains.GetSearch().Search("erin", "echidna", 0)).Hits).Seq);
            Assert.Equal(12, (await host.Grains.GetSearch().Search("erin", "quokka", 0)).Hits.Count);
        }
    }

    private static async Task PostMany(IGrainFactory grains, string room, string prefix)
    {
        for (var i = 0; i < 12; i++)
        {
            await grains.GetRoom(room).Post("erin", "Erin", $"quokka number {i}", $"{prefix}-{i}");
        }
    }

    private static async Task<string> NewPublicRoom(IGrainFactory grains, string user)
    {
        var id = "t-" + Guid.NewGuid().ToString("N")[..12];
        await grains.GetRoom(id).Create("Test " + id, RoomKind.Public, user, []);
        await grains.GetUser(user).JoinRoom(id);
        return id;
    }
}
