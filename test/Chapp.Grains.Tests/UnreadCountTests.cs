namespace Chapp.Grains.Tests;

/// <summary>
/// The unread count of a room in the inbox, on each real database: messages by others after the read position. An edit,
/// a delete or a reaction takes a seq of the room's log but is not a new message; the reader's own messages and a
/// message deleted before it was read do not count; the count stops at <see cref="RoomLast.MaxUnread"/>.
/// </summary>
public sealed class UnreadCountTests
{
    [Fact]
    public async Task On_sqlite_only_messages_by_others_after_the_read_position_count_as_unread()
    {
        using var file = new TempSqliteFile();
        await using var host = await ChappSiloHost.StartSqliteAsync(file.Path);
        await OnlyMessagesByOthersCount(host.Grains);
    }

    [Fact]
    public async Task On_postgres_only_messages_by_others_after_the_read_position_count_as_unread()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var host = await ChappSiloHost.StartPostgresAsync(database.ConnectionString, "unread-" + Guid.NewGuid().ToString("N")[..8]);
        await OnlyMessagesByOthersCount(host.Grains);
    }

    private static async Task OnlyMessagesByOthersCount(IGrainFactory grains)
    {
        Assert.True(await grains.GetUser("dora").Register(UserGrainTests.NewAccount("dora")));
        await grains.GetRoom("busy").Create("Busy", RoomKind.Public, "erin", []);
        await grains.GetRoom("flood").Create("Flood", RoomKind.Public, "erin", []);
        await grains.GetUser("dora").JoinRoom("busy");
        await grains.GetUser("dora").JoinRoom("flood");
        var room = grains.GetRoom("busy");
        var inbox = grains.GetUserInbox("dora");

        await InboxTests.PostAsync(grains, "busy", "erin", "one", "two", "three");
        Assert.Equal(3, (await Busy()).Unread);
        Assert.Equal(0, (await inbox.MarkRead("busy", 3))!.Unread);

        // Events after the read position: an edit, reactions, and a delete of a message read already.
        await room.Edit("erin", 1, "one, fixed");
        await room.React("erin", 2, "👍", true);
        await room.React("frank", 2, "🎉", true);
        await room.Delete("erin", 3);
        var afterEvents = await Busy();
        Assert.Equal((3L, 0), (afterEvents.LastSeq, afterEvents.Unread));

        // A message counts once, not once per seq the events took before it.
        await InboxTests.PostAsync(grains, "busy", "erin", "four"); // seq 8
        Assert.Equal((8L, 1), ((await Busy()).LastSeq, (await Busy()).Unread));

        // The reader's own message is not unread, nor is one deleted before it was read.
        await InboxTests.PostAsync(grains, "busy", "dora", "mine"); // seq 9
        await InboxTests.PostAsync(grains, "busy", "erin", "oops"); // seq 10
        Assert.Equal(2, (await Busy()).Unread);
        await room.Delete("erin", 10); // seq 11
        await room.React("erin", 8, "👀", true); // seq 12
        Assert.Equal(1, (await Busy()).Unread);

        // A user event carries the same count; reading up to a later event leaves nothing unread.
        var partly = await inbox.MarkRead("busy", 8);
        Assert.Equal(0, partly!.Unread);
        await InboxTests.PostAsync(grains, "busy", "erin", "five"); // seq 13
        var events = await inbox.GetEvents(0);
        Assert.Equal(1, (await Busy()).Unread);
        Assert.Equal(1, events.Events.Last(e => e.RoomId == "busy").Entry!.Unread); // resumed events carry the room as it is now
        Assert.Equal(0, (await inbox.MarkRead("busy", 13))!.Unread);

        // The count stops at the cap, however far behind the reader is; reading part of it counts the rest.
        await Task.WhenAll(Enumerable.Range(1, RoomLast.MaxUnread + 20).Select(i =>
            grains.GetRoom("flood").Post("erin", "erin", "flood " + i, Guid.NewGuid().ToString("N"))));
        Assert.Equal(RoomLast.MaxUnread, (await inbox.GetInbox()).Rooms.Single(r => r.RoomId == "flood").Unread);
        Assert.Equal(10, (await inbox.MarkRead("flood", RoomLast.MaxUnread + 10))!.Unread);

        async Task<InboxEntry> Busy() => (await inbox.GetInbox()).Rooms.Single(r => r.RoomId == "busy");
    }
}
