namespace Chapp.Grains.Tests;

/// <summary>
/// Events as the databases store them: after a restart (memory gone), pages read from the log show messages in their
/// current state, resuming reads every event, and an edit of a message memory does not hold reaches the log. Both
/// SQLite and PostgreSQL; and the edit window from configuration.
/// </summary>
public sealed class RoomEventStorageTests
{
    // More rows than a room keeps in memory, so the reads below go to the database.
    private const int Filler = 260;

    [Fact]
    public async Task Sqlite_keeps_the_events_and_the_current_state_across_a_restart()
    {
        using var file = new TempSqliteFile();
        await KeepsEventsAcrossRestart(() => ChappSiloHost.StartSqliteAsync(file.Path));
    }

    [Fact]
    public async Task Postgresql_keeps_the_events_and_the_current_state_across_a_restart()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var cluster = "events-" + Guid.NewGuid().ToString("N")[..8];
        await KeepsEventsAcrossRestart(() => ChappSiloHost.StartPostgresAsync(database.ConnectionString, cluster));
    }

    [Fact]
    public async Task A_message_cannot_be_edited_after_the_configured_window_but_can_still_be_deleted()
    {
        using var file = new TempSqliteFile();
        await using var host = await ChappSiloHost.StartSqliteAsync(file.Path,
            new Dictionary<string, string?> { ["Chapp:Rooms:EditWindow"] = "00:00:01" });
        var room = host.Grains.GetRoom(ChappNames.LobbyRoomId);
        var message = await room.Post("alice", "Alice", "typo", "c1");
        await room.Edit("alice", message.Seq, "typo fixed in time");
        await Task.Delay(TimeSpan.FromSeconds(1.3));

        var error = await Assert.ThrowsAsync<ChatException>(() => room.Edit("alice", message.Seq, "too late"));

        Assert.Equal("A message can be edited only within 1 second of sending it.", error.Message);
        Assert.Equal("typo fixed in time", (await room.GetLatest("bob", 1))[0].Text);
        Assert.True((await room.Delete("alice", message.Seq)).Deleted);
    }

    private static async Task KeepsEventsAcrossRestart(Func<Task<ChappSiloHost>> start)
    {
        var roomId = "ev-" + Guid.NewGuid().ToString("N")[..10];
        await using (var host = await start())
        {
            var room = host.Grains.GetRoom(roomId);
            await room.Create("Events", RoomKind.Public, "alice", []);
            for (var i = 1; i <= 5; i++)
            {
                await room.Post("alice", "Alice", $"m{i}", $"c{i}");
            }

            await room.Edit("alice", 1, "m1 edited");    // 6
            await room.Delete("alice", 2);               // 7
            await room.React("bob", 3, "👍", true);      // 8
            await room.React("carol", 3, "👍", true);    // 9
            await Task.WhenAll(Enumerable.Range(0, Filler).Select(n => room.Post("bob", "Bob", $"f{n}", $"f{n}")));
        }

        await using (var host = await start())
        {
            var room = host.Grains.GetRoom(roomId);
            var page = await room.GetBefore("dave", 15, 10);
            Assert.Equal([1L, 2L, 3L, 4L, 5L, 10L, 11L, 12L, 13L, 14L], page.Select(m => m.Seq));
            Assert.Equal(("m1 edited", 6L), (page[0].Text, page[0].ChangedSeq));
            Assert.NotNull(page[0].EditedAt);
            Assert.Equal(("", true), (page[1].Text, page[1].Deleted));
            Assert.Equal(["bob", "carol"], Assert.Single(page[2].Reactions!).Users);
            Assert.Equal((4L, 4L, (IReadOnlyList<MessageReaction>?)null), (page[3].Seq, page[3].ChangedSeq, page[3].Reactions));

            var resumed = await room.GetAfter("dave", 5, 4);
            Assert.Equal(
                [(RoomEventKind.Edit, 1L), (RoomEventKind.Delete, 2L), (RoomEventKind.Reaction, 3L), (RoomEventKind.Reaction, 3L)],
                resumed.Select(r => (r.Kind, r.TargetSeq)));
            Assert.Equal(["bob"], Assert.Single(resumed[2].Reactions!).Users);

            // Memory holds only the newest rows: the message comes from the log, the edit goes to it.
            var edit = await room.Edit("alice", 4, "m4 edited much later");
            Assert.Equal(9 + Filler + 1, edit.Seq);
        }

        await using (var host = await start())
        {
            var page = await host.Grains.GetRoom(roomId).GetBefore("dave", 6, 10);
            Assert.Equal(["m1 edited", "", "m3", "m4 edited much later", "m5"], page.Select(m => m.Text));
            Assert.Equal(9 + Filler + 1, page[3].ChangedSeq);
        }
    }
}
