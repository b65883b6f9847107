namespace Chapp.Grains.Tests;

/// <summary>
/// The inbox on each real database, across a restart of the silo: the rooms' last seqs and times from one
/// message-log query, and read positions and mentions as they were stored.
/// </summary>
public sealed class InboxStorageTests
{
    [Fact]
    public async Task On_sqlite_the_inbox_after_a_restart_shows_each_rooms_last_message_and_the_stored_reading()
    {
        using var file = new TempSqliteFile();
        await InboxSurvivesARestart(() => ChappSiloHost.StartSqliteAsync(file.Path));
    }

    [Fact]
    public async Task On_postgres_the_inbox_after_a_restart_shows_each_rooms_last_message_and_the_stored_reading()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var clusterId = "inbox-" + Guid.NewGuid().ToString("N")[..8];
        await InboxSurvivesARestart(() => ChappSiloHost.StartPostgresAsync(database.ConnectionString, clusterId));
    }

    private static async Task InboxSurvivesARestart(Func<Task<ChappSiloHost>> startHost)
    {
        IReadOnlyList<InboxEntry> before;
        await using (var first = await startHost())
        {
            var grains = first.Grains;
            Assert.True(await grains.GetUser("dora").Register(UserGrainTests.NewAccount("dora")));
            foreach (var (id, name) in new[] { ("busy", "Busy"), ("quiet", "Quiet"), ("empty", "Empty") })
            {
                await grains.GetRoom(id).Create(name, RoomKind.Public, "erin", []);
                await grains.GetUser("dora").JoinRoom(id);
            }

            await InboxTests.PostAsync(grains, "busy", "erin", "1", "2", "3", "@dora 4", "5");
            await InboxTests.PostAsync(grains, "quiet", "erin", "only one");
            await grains.GetUserInbox("dora").MarkRead("busy", 2);
            // The mention is one-way: wait until it counted.
            for (var i = 0; i < 100 && (await grains.GetUserInbox("dora").GetInbox()).Rooms[0].Mentions == 0; i++)
            {
                await Task.Delay(50);
            }

            before = (await grains.GetUserInbox("dora").GetInbox()).Rooms;
        }

        await using var second = await startHost();
        var after = await second.Grains.GetUserInbox("dora").GetInbox();

        Assert.Equal(before, after.Rooms);
        Assert.Equal(["busy", "quiet", "empty"], after.Rooms.Select(r => r.RoomId));
        Assert.Equal([5L, 1, 0], after.Rooms.Select(r => r.LastSeq));
        Assert.Equal([2L, 0, 0], after.Rooms.Select(r => r.ReadSeq));
        Assert.Equal([1, 0, 0], after.Rooms.Select(r => r.Mentions));
        Assert.Null(after.Rooms[2].LastAt);
        Assert.InRange(after.Rooms[0].LastAt!.Value, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);
        Assert.Equal(["Busy", "Quiet", "Empty"], after.Rooms.Select(r => r.Name));
    }
}
