using Chapp.Grains;
using Chapp.Grains.Tests;
using Chapp.Web.Chat.Rooms;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace Chapp.Web.Tests;

/// <summary>
/// The shortcut from a room grain to its own process's browsers, seen from a SignalR client: messages of a room hosted
/// here arrive even while the room stream brings nothing, the stream carries nothing while no other process listens,
/// and when both paths bring a message it still arrives once, in order.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class LocalDeliveryTests(AppFixture app)
{
    private IGrainFactory Grains => app.Services.GetRequiredService<IGrainFactory>();

    // A silo of another process, as a feed there names itself to the room (ListenFrom).
    private static readonly SiloAddress Elsewhere = SiloAddress.New(new System.Net.IPEndPoint(System.Net.IPAddress.Parse("10.255.0.1"), 11111), 1);

    private IClusterClient Client => app.Services.GetRequiredService<IClusterClient>();

    // The room's message stream as any subscriber in the cluster sees it.
    private IAsyncStream<ChatMessage> RoomStream(string roomId) =>
        Client.GetStreamProvider(ChappNames.StreamProvider)
            .GetStream<ChatMessage>(Orleans.Runtime.StreamId.Create(ChappNames.RoomStreamNamespace, roomId));

    [Fact]
    public async Task Bob_gets_Alices_messages_while_the_room_stream_is_silent_and_each_once_in_order_when_it_speaks_again()
    {
        await using var alice = await TestUser.SignUpAsync(app);
        await using var bob = await TestUser.SignUpAsync(app);
        var roomId = await HubTestRooms.NewPublicAsync(Grains, alice.UserName);
        var (aliceConnection, _) = await alice.ConnectToRoomAsync(roomId);
        var (bobConnection, _) = await bob.ConnectToRoomAsync(roomId);
        var live = new LiveFrames(bobConnection);
        // As in a cluster: a feed in another process listens, so the stream carries the room's messages.
        await Grains.GetRoom(roomId).ListenFrom(Elsewhere);

        await TestUser.SendAsync(aliceConnection, roomId, "hello");
        await live.WaitForAsync(1);

        // The cluster forgets this process's subscription (what a silo crash does to PubSub): the stream is silent here.
        var stream = RoomStream(roomId);
        foreach (var handle in await stream.GetAllSubscriptionHandles())
        {
            await handle.UnsubscribeAsync();
        }

        await SendAsync(aliceConnection, roomId, "silent stream", 5);

        await live.WaitForAsync(6);

        // The stream speaks again: now both paths bring every message.
        Assert.True(await app.Services.GetRequiredService<RoomSubscriptions>().RepairAsync(CancellationToken.None) >= 1);
        await SendAsync(aliceConnection, roomId, "both paths", 5);

        await live.WaitForAsync(11);
        await Task.Delay(500); // Time for a late second copy to show up.
        Assert.Equal(Enumerable.Range(1, 11).Select(i => (long)i), live.Seqs());
        Assert.Equal(
            ["hello", .. Enumerable.Range(1, 5).Select(i => "silent stream " + i), .. Enumerable.Range(1, 5).Select(i => "both paths " + i)],
            live.Texts());
    }

    [Fact]
    public async Task With_no_other_process_listening_the_room_stream_carries_nothing_and_Bob_still_gets_every_message_once_in_order()
    {
        await using var alice = await TestUser.SignUpAsync(app);
        await using var bob = await TestUser.SignUpAsync(app);
        var roomId = await HubTestRooms.NewPublicAsync(Grains, alice.UserName);
        // Subscribed well before the first post (two sign-ins and joins), so the pulling agent has it by then.
        await using var carried = await StreamProbe<ChatMessage>.SubscribeAsync(Client, ChappNames.RoomStreamNamespace, roomId);
        var (aliceConnection, _) = await alice.ConnectToRoomAsync(roomId);
        var (bobConnection, _) = await bob.ConnectToRoomAsync(roomId);
        var live = new LiveFrames(bobConnection);

        await SendAsync(aliceConnection, roomId, "alone", 15);

        await live.WaitForAsync(15);
        await Task.Delay(500); // Time for a stream copy to show up, if one were coming.
        Assert.Equal(Enumerable.Range(1, 15).Select(i => (long)i), live.Seqs());
        Assert.Equal(Enumerable.Range(1, 15).Select(i => "alone " + i), live.Texts());
        // One process, and its feeds named only it: a publish would have had no one to reach.
        Assert.Empty(carried.Received);

        // The same subscription gets what is stored once a feed elsewhere listens: it was live all along.
        await Grains.GetRoom(roomId).ListenFrom(Elsewhere);
        var next = await TestUser.SendAsync(aliceConnection, roomId, "heard elsewhere");
        Assert.Equal([next.Seq], (await carried.WaitForAsync(1)).Select(m => m.Seq));
    }

    [Fact]
    public async Task Once_a_feed_in_another_process_listens_the_stream_carries_every_later_message_but_no_second_copy_to_this_process()
    {
        await using var alice = await TestUser.SignUpAsync(app);
        await using var bob = await TestUser.SignUpAsync(app);
        var roomId = await HubTestRooms.NewPublicAsync(Grains, alice.UserName);
        var (aliceConnection, _) = await alice.ConnectToRoomAsync(roomId);
        var (bobConnection, _) = await bob.ConnectToRoomAsync(roomId);
        var live = new LiveFrames(bobConnection);
        await SendAsync(aliceConnection, roomId, "before", 2);

        // Another process's feed: subscribed (no tag, so it gets every batch), then it tells the room, as RoomFeed does.
        await using var carried = await StreamProbe<ChatMessage>.SubscribeAsync(Client, ChappNames.RoomStreamNamespace, roomId);
        await Grains.GetRoom(roomId).ListenFrom(Elsewhere);
        var pokes = 0;
        await carried.LiveAsync(async () =>
        {
            var poke = await TestUser.SendAsync(aliceConnection, roomId, "poke " + ++pokes);
            return m => m.Seq == poke.Seq;
        });
        var live0 = 2 + pokes;
        await SendAsync(aliceConnection, roomId, "after", 12);

        await live.WaitForAsync(live0 + 12);
        var all = await carried.WaitForAsync(carried.Received.Count(m => m.Seq <= live0) + 12);
        await Task.Delay(500); // Time for a late copy to reach this process's feed, if one were coming.

        Assert.Equal(Enumerable.Range(1, live0 + 12).Select(i => (long)i), live.Seqs());
        Assert.Equal(Enumerable.Range(live0 + 1, 12).Select(i => (long)i), all.Select(m => m.Seq).Where(seq => seq > live0));
        // The room's grain is in this process and its shortcut passed every message on first: the stream's filter kept
        // every copy from this process's feed.
        var feed = app.Services.GetRequiredService<RoomSubscriptions>().FeedOf(roomId);
        Assert.NotNull(feed);
        Assert.Equal(0, feed.FromStreamCount);
    }

    [Fact]
    public async Task A_feed_opening_in_a_process_the_room_has_not_heard_of_gets_every_later_message_by_the_stream()
    {
        await using var alice = await TestUser.SignUpAsync(app);
        var roomId = await HubTestRooms.NewPublicAsync(Grains, alice.UserName);
        var (aliceConnection, _) = await alice.ConnectToRoomAsync(roomId);
        await SendAsync(aliceConnection, roomId, "before", 2);

        // The feed a process that joined the cluster a moment ago opens, before this silo's membership lists it.
        await using var elsewhere = await RoomFeed.OpenAsync(
            roomId, Client, app.Services.GetRequiredService<IHubContext<Chat.ChatHub>>(), () => 0, () => 0,
            (_, _) => Task.CompletedTask, Elsewhere, app.Services.GetRequiredService<ILoggerFactory>());
        // A new subscription may miss what is published before the pulling agent has it; then nothing is missed.
        for (var poke = 1; poke <= 5 && elsewhere.FromStreamCount == 0; poke++)
        {
            await TestUser.SendAsync(aliceConnection, roomId, "poke " + poke);
            var deadline = DateTime.UtcNow.AddSeconds(1);
            while (elsewhere.FromStreamCount == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
        }

        var heard = elsewhere.FromStreamCount;
        Assert.True(heard > 0, "The room never published for the feed elsewhere.");
        await SendAsync(aliceConnection, roomId, "after", 5);

        await HubTestRooms.WaitUntil(() => elsewhere.FromStreamCount >= heard + 5);
    }

    private static async Task SendAsync(HubConnection connection, string roomId, string prefix, int count)
    {
        for (var i = 1; i <= count; i++)
        {
            await TestUser.SendAsync(connection, roomId, prefix + " " + i);
        }
    }

    [Fact]
    public async Task Bob_joining_a_busy_room_gets_every_later_message_live_once_in_order()
    {
        await using var alice = await TestUser.SignUpAsync(app);
        await using var bob = await TestUser.SignUpAsync(app);
        var roomId = await HubTestRooms.NewPublicAsync(Grains, alice.UserName);
        var room = Grains.GetRoom(roomId);
        var bobJoined = new TaskCompletionSource();
        var posts = 0;

        // Alice posts without a connection here, so Bob's join opens this process's feed while messages are in flight;
        // she goes on for 50 posts after his join has returned, however fast the posts are.
        var posting = Task.Run(async () =>
        {
            for (var afterJoin = 0; afterJoin < 50 && posts < 5000;)
            {
                var joinedBefore = bobJoined.Task.IsCompleted;
                posts++;
                await room.Post(alice.UserName, alice.UserName, "busy " + posts, "c" + posts);
                afterJoin += joinedBefore ? 1 : 0;
            }
        });
        while ((await room.GetInfo())!.LastSeq < 20)
        {
            await Task.Delay(5);
        }

        var bobConnection = bob.NewHubConnection();
        var live = new LiveFrames(bobConnection);
        await bobConnection.StartAsync();
        var joined = await bobConnection.InvokeAsync<Chat.JoinResult>("JoinRoom", roomId, 0L);
        bobJoined.SetResult();
        await posting.WaitAsync(TimeSpan.FromSeconds(30));
        var last = posts;

        var seen = joined.Messages.Select(m => m.Seq).DefaultIfEmpty(0).Max();
        Assert.True(seen < last, "Bob joined after the last post: the test proved nothing.");
        await live.WaitForSeqAsync(last);
        await Task.Delay(300);
        var seqs = live.Seqs();
        // Live: no seq twice, none out of order, no gap (nothing was lost on the way); and nothing missing after the join.
        Assert.Equal(Enumerable.Range((int)seqs[0], seqs.Length).Select(i => (long)i), seqs);
        Assert.True(seqs[0] <= seen + 1, $"Seqs {seen + 1}..{seqs[0] - 1} came neither with the join nor live.");
    }
}
