using Orleans.Runtime;

namespace Chapp.Grains.Tests;

/// <summary>
/// The per-user event stream and read positions: events numbered without gaps, resumable after a reconnect (nothing
/// missed, nothing doubled, a reset when too old), unread derived from the log, read positions durable.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class InboxTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Cluster.GrainFactory;

    internal static async Task<string> NewUserAsync(IGrainFactory grains, string prefix)
    {
        var name = prefix + "_" + Guid.NewGuid().ToString("N")[..8];
        Assert.True(await grains.GetUser(name).Register(UserGrainTests.NewAccount(name)));
        return name;
    }

    internal static async Task PostAsync(IGrainFactory grains, string roomId, string author, params string[] texts)
    {
        foreach (var text in texts)
        {
            await grains.GetRoom(roomId).Post(author, author, text, Guid.NewGuid().ToString("N"));
        }
    }

    [Fact]
    public async Task Events_arrive_live_in_order_and_a_resume_from_any_seen_seq_misses_nothing_and_doubles_nothing()
    {
        var bob = await NewUserAsync(Grains, "bob");
        var (first, second) = (await fixture.NewPublicRoomAsync(), await fixture.NewPublicRoomAsync());
        await using var live = await StreamProbe<UserEvent>.SubscribeAsync(
            fixture.Cluster.Client, ChappNames.UserStreamNamespace, ChappGrainFactoryExtensions.Normalize(bob));
        var inbox = Grains.GetUserInbox(bob);

        await Grains.GetUser(bob).JoinRoom(first);
        await Grains.GetUser(bob).JoinRoom(second);
        await PostAsync(Grains, first, "alice", "one", "two");
        await inbox.MarkRead(first, 2);
        await Grains.GetUser(bob).LeaveRoom(second);

        var received = await live.WaitForAsync(4);
        Assert.Equal([1L, 2, 3, 4], received.Select(e => e.Seq));
        Assert.Equal(["joined", "joined", "read", "left"], received.Select(e => e.Kind));
        Assert.Equal([first, second, first, second], received.Select(e => e.RoomId));
        Assert.Equal(2, received[2].Entry!.ReadSeq);
        Assert.Null(received[3].Entry);

        // A client that saw up to 2 and reconnects gets exactly 3 and 4, with the rooms as they are now.
        var resumed = await inbox.GetEvents(2);
        Assert.False(resumed.Reset);
        Assert.Equal([3L, 4], resumed.Events.Select(e => e.Seq));
        Assert.Equal(new InboxEntry(first, "Test " + first, "Public", null, 2, resumed.Events[0].Entry!.LastAt, 2, 0, "Test " + first), resumed.Events[0].Entry);
        Assert.Empty((await inbox.GetEvents(4)).Events);
        Assert.False((await inbox.GetEvents(4)).Reset);
        Assert.Equal([1L, 2, 3, 4], (await inbox.GetEvents(0)).Events.Select(e => e.Seq));

        var now = await inbox.GetInbox();
        Assert.Equal(4, now.Seq);
        Assert.Equal([first], now.Rooms.Select(r => r.RoomId));
    }

    [Fact]
    public async Task A_resume_point_older_than_the_kept_events_or_from_the_future_gets_a_reset()
    {
        var bob = await NewUserAsync(Grains, "bob");
        var room = await fixture.NewPublicRoomAsync();
        for (var i = 0; i < UserGrain.MaxEvents / 2 + 3; i++)
        {
            await Grains.GetUser(bob).JoinRoom(room);
            await Grains.GetUser(bob).LeaveRoom(room);
        }

        var inbox = Grains.GetUserInbox(bob);
        var last = (await inbox.GetInbox()).Seq;
        Assert.Equal(UserGrain.MaxEvents + 6, last);

        Assert.True((await inbox.GetEvents(0)).Reset);
        Assert.True((await inbox.GetEvents(last - UserGrain.MaxEvents - 1)).Reset);
        Assert.True((await inbox.GetEvents(last + 1)).Reset);
        var oldestKept = await inbox.GetEvents(last - UserGrain.MaxEvents);
        Assert.False(oldestKept.Reset);
        Assert.Equal(UserGrain.MaxEvents, oldestKept.Events.Count);
        Assert.Equal(last, oldestKept.Events[^1].Seq);

        var negative = await Assert.ThrowsAsync<ChatException>(() => inbox.GetEvents(-1));
        Assert.Equal(ChatErrorCode.Invalid, negative.Code);
    }

    [Fact]
    public async Task Only_rooms_the_user_may_read_get_into_the_list()
    {
        var bob = await NewUserAsync(Grains, "bob");
        var (alice, carol) = (await NewUserAsync(Grains, "alice"), await NewUserAsync(Grains, "carol"));
        var theirs = DirectRooms.RoomId(alice, carol);
        await Grains.GetRoom(theirs).Create("alice & carol", RoomKind.Private, alice, [carol]);

        var privateRoom = await Assert.ThrowsAsync<ChatException>(() => Grains.GetUser(bob).JoinRoom(theirs));
        var missing = await Assert.ThrowsAsync<ChatException>(() => Grains.GetUser(bob).JoinRoom("no-such-room-" + Guid.NewGuid().ToString("N")[..8]));

        Assert.Equal(ChatErrorCode.RoomNotFound, privateRoom.Code);
        Assert.Equal(privateRoom.Message.Replace(theirs, "x"), missing.Message.Replace(missing.Message.Split('\'')[1], "x"));
        Assert.Empty(await Grains.GetUser(bob).GetRooms());
        Assert.Equal(0, (await Grains.GetUserInbox(bob).GetInbox()).Seq);
    }
}
