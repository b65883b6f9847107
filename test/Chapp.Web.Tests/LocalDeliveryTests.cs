using Chapp.Grains;
using Chapp.Web.Chat.Rooms;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Streams;

namespace Chapp.Web.Tests;

/// <summary>
/// The shortcut from a room grain to its own process's browsers, seen from a SignalR client: messages of a room hosted
/// here arrive even while the room stream brings nothing, and when both paths bring a message it still arrives once,
/// in order.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class LocalDeliveryTests(AppFixture app)
{
    private IGrainFactory Grains => app.Services.GetRequiredService<IGrainFactory>();

    // The room's message stream as any subscriber in the cluster sees it.
    private IAsyncStream<ChatMessage> RoomStream(string roomId) =>
        app.Services.GetRequiredService<IClusterClient>().GetStreamProvider(ChappNames.StreamProvider)
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

        await TestUser.SendAsync(aliceConnection, roomId, "hello");
        await live.WaitForAsync(1);

        // The cluster forgets this process's subscription (what a silo crash does to PubSub): the stream is silent here.
        var stream = RoomStream(roomId);
        foreach (var handle in await stream.GetAllSubscriptionHandles())
        {
            await handle.UnsubscribeAsync();
        }

        for (var i = 1; i <= 5; i++)
        {
            await TestUser.SendAsync(aliceConnection, roomId, "silent stream " + i);
        }

        await live.WaitForAsync(6);

        // The stream speaks again: now both paths bring every message.
        Assert.True(await app.Services.GetRequiredService<RoomSubscriptions>().RepairAsync(CancellationToken.None) >= 1);
        for (var i = 1; i <= 5; i++)
        {
            await TestUser.SendAsync(aliceConnection, roomId, "both paths " + i);
        }

        await live.WaitForAsync(11);
        await Task.Delay(500); // Time for a late second copy to show up.
        Assert.Equal(Enumerable.Range(1, 11).Select(i => (long)i), live.Seqs());
        Assert.Equal(
            ["hello", .. Enumerable.Range(1, 5).Select(i => "silent stream " + i), .. Enumerable.Range(1, 5).Select(i => "both paths " + i)],
            live.Texts());
    }

    [Fact]
    public async Task The_stream_does_not_bring_this_process_a_second_copy_of_what_the_shortcut_delivered_yet_still_carries_every_message()
    {
        await using var alice = await TestUser.SignUpAsync(app);
        await using var bob = await TestUser.SignUpAsync(app);
        var roomId = await HubTestRooms.NewPublicAsync(Grains, alice.UserName);
        var (aliceConnection, _) = await alice.ConnectToRoomAsync(roomId);
        var (bobConnection, _) = await bob.ConnectToRoomAsync(roomId);
        var live = new LiveFrames(bobConnection);

        // Another subscriber of the room stream, as another process of a cluster would be: no tag, so it gets every batch.
        var carried = new System.Collections.Concurrent.ConcurrentQueue<long>();
        var stream = RoomStream(roomId);
        var other = await stream.SubscribeAsync((message, _) =>
        {
            carried.Enqueue(message.Seq);
            return Task.CompletedTask;
        });

        for (var i = 1; i <= 20; i++)
        {
            await TestUser.SendAsync(aliceConnection, roomId, "once " + i);
        }

        await live.WaitForAsync(20);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (carried.Count < 20 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await Task.Delay(500); // Time for a late copy to reach this process's feed, if one were coming.
        await other.UnsubscribeAsync();

        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), live.Seqs());
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), carried.Order());
        // The room's grain is in this process and its shortcut passed every message on first: the stream's filter kept
        // all 20 copies from this process's feed (it used to deliver each, for the gate to drop).
        var feed = app.Services.GetRequiredService<RoomSubscriptions>().FeedOf(roomId);
        Assert.NotNull(feed);
        Assert.Equal(0, feed.FromStreamCount);
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
