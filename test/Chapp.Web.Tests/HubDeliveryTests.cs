using Chapp.Grains;
using Chapp.Web.Chat;
using Chapp.Web.Chat.Rooms;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Chapp.Web.Tests;

/// <summary>Live delivery and catch-up through the hub, driven with the .NET SignalR client: nothing lost, doubled or reordered.</summary>
[Collection(WebCollection.Name)]
public sealed class HubDeliveryTests(AppFixture app)
{
    private IGrainFactory Grains => app.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task A_message_sent_on_one_connection_arrives_on_another_in_the_room()
    {
        await using var alice = await TestUser.SignUpAsync(app, displayName: "Alice A.");
        await using var bob = await TestUser.SignUpAsync(app);
        var roomId = await HubTestRooms.NewPublicAsync(Grains, alice.UserName);
        var (aliceConnection, _) = await alice.ConnectToRoomAsync(roomId);
        var (bobConnection, joined) = await bob.ConnectToRoomAsync(roomId);
        var received = new TaskCompletionSource<ChatMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        bobConnection.On<ChatMessage>("message", m => received.TrySetResult(m));
        bobConnection.On<ChatMessage[]>("messages", m => received.TrySetResult(m[0]));

        var sent = await TestUser.SendAsync(aliceConnection, roomId, "hi bob");
        var arrived = await received.Task.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(new RoomView(roomId, "Room " + roomId, "Public"), joined.Room);
        Assert.Equal(sent, arrived);
        Assert.Equal(alice.UserName, arrived.Author);
        Assert.Equal("Alice A.", arrived.AuthorName);
    }

    [Fact]
    public async Task A_burst_arrives_complete_in_order_and_once_whether_or_not_messages_share_frames()
    {
        await using var alice = await TestUser.SignUpAsync(app);
        await using var bob = await TestUser.SignUpAsync(app);
        var roomId = await HubTestRooms.NewPublicAsync(Grains, alice.UserName);
        var (aliceConnection, _) = await alice.ConnectToRoomAsync(roomId);
        var (bobConnection, _) = await bob.ConnectToRoomAsync(roomId);
        var frames = new List<ChatMessage[]>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnFrame(ChatMessage[] frame)
        {
            lock (frames)
            {
                frames.Add(frame);
                if (frames.Sum(f => f.Length) >= 10)
                {
                    all.TrySetResult();
                }
            }
        }

        bobConnection.On<ChatMessage>("message", m => OnFrame([m]));
        bobConnection.On<ChatMessage[]>("messages", OnFrame);

        for (var i = 1; i <= 10; i++)
        {
            await TestUser.SendAsync(aliceConnection, roomId, "burst " + i);
        }

        await all.Task.WaitAsync(TimeSpan.FromSeconds(5));
        var received = frames.SelectMany(f => f).ToArray();
        Assert.Equal(Enumerable.Range(1, 10).Select(i => "burst " + i), received.Select(m => m.Text));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), received.Select(m => m.Seq));
        // Frames depend on timing (what queued up behind a send); DeliveryPumpTests pin the batching rule itself.
        Assert.InRange(frames.Count, 1, 10);
    }

    [Fact]
    public async Task A_room_subscription_the_cluster_lost_is_repaired_and_delivery_resumes()
    {
        await using var alice = await TestUser.SignUpAsync(app);
        await using var bob = await TestUser.SignUpAsync(app);
        var roomId = await HubTestRooms.NewPublicAsync(Grains, alice.UserName);
        var (aliceConnection, _) = await alice.ConnectToRoomAsync(roomId);
        var (bobConnection, _) = await bob.ConnectToRoomAsync(roomId);
        var received = new TaskCompletionSource<ChatMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        bobConnection.On<ChatMessage>("message", m => received.TrySetResult(m));
        bobConnection.On<ChatMessage[]>("messages", m => received.TrySetResult(m[0]));
        var stream = app.Services.GetRequiredService<IClusterClient>().GetStreamProvider(ChappNames.StreamProvider)
            .GetStream<ChatMessage>(Orleans.Runtime.StreamId.Create(ChappNames.RoomStreamNamespace, roomId));

        // What a silo crash does to the in-memory PubSub state: the cluster forgets this process's subscription.
        foreach (var handle in await stream.GetAllSubscriptionHandles())
        {
            await handle.UnsubscribeAsync();
        }

        Assert.Empty(await stream.GetAllSubscriptionHandles());
        Assert.True(await app.Services.GetRequiredService<RoomSubscriptions>().RepairAsync(CancellationToken.None) >= 1);

        Assert.Single(await stream.GetAllSubscriptionHandles());
        var sent = await TestUser.SendAsync(aliceConnection, roomId, "still here");
        Assert.Equal(sent, await received.Task.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_periodic_repair_round_spreads_its_checks_over_its_span_and_still_repairs_a_lost_subscription()
    {
        await using var alice = await TestUser.SignUpAsync(app);
        await using var bob = await TestUser.SignUpAsync(app);
        var roomIds = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            roomIds.Add(await HubTestRooms.NewPublicAsync(Grains, alice.UserName));
        }

        var (aliceConnection, _) = await alice.ConnectToRoomAsync(roomIds[0]);
        var (bobConnection, _) = await bob.ConnectToRoomAsync(roomIds[0]);
        foreach (var other in roomIds.Skip(1))
        {
            await bobConnection.InvokeAsync<JoinResult>("JoinRoom", other, 0L);
        }

        var received = new TaskCompletionSource<ChatMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        bobConnection.On<ChatMessage>("message", m => received.TrySetResult(m));
        bobConnection.On<ChatMessage[]>("messages", m => received.TrySetResult(m[0]));
        var stream = app.Services.GetRequiredService<IClusterClient>().GetStreamProvider(ChappNames.StreamProvider)
            .GetStream<ChatMessage>(Orleans.Runtime.StreamId.Create(ChappNames.RoomStreamNamespace, roomIds[0]));
        foreach (var handle in await stream.GetAllSubscriptionHandles())
        {
            await handle.UnsubscribeAsync();
        }

        // At least these 3 rooms are open here: the round waits after each check but the last, 2/3 of the span or more.
        var spread = TimeSpan.FromMilliseconds(900);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var repaired = await app.Services.GetRequiredService<RoomSubscriptions>().RepairAsync(CancellationToken.None, spread);
        var took = System.Diagnostics.Stopwatch.GetElapsedTime(started);

        Assert.True(repaired >= 1);
        Assert.True(took >= spread / 2, $"the round took {took.TotalMilliseconds:F0} ms: its checks went out in a burst");
        Assert.Single(await stream.GetAllSubscriptionHandles());
        var sent = await TestUser.SendAsync(aliceConnection, roomIds[0], "still here after a paced repair");
        Assert.Equal(sent, await received.Task.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Join_after_a_sequence_number_returns_only_what_came_after_it()
    {
        await using var user = await TestUser.SignUpAsync(app);
        var roomId = await HubTestRooms.NewPublicAsync(Grains, user.UserName);
        var (connection, _) = await user.ConnectToRoomAsync(roomId);
        for (var i = 1; i <= 5; i++)
        {
            await TestUser.SendAsync(connection, roomId, "m" + i);
        }

        var second = user.NewHubConnection();
        await second.StartAsync();
        var joined = await second.InvokeAsync<JoinResult>("JoinRoom", roomId, 3L);

        Assert.Equal(["m4", "m5"], joined.Messages.Select(m => m.Text));
        Assert.False(joined.HasMore);
    }

    [Fact]
    public async Task Older_pages_and_catch_up_pages_come_oldest_first()
    {
        await using var user = await TestUser.SignUpAsync(app);
        var roomId = await HubTestRooms.NewPublicAsync(Grains, user.UserName);
        var room = Grains.GetRoom(roomId);
        for (var i = 1; i <= 60; i++)
        {
            await room.Post(user.UserName, user.UserName, "m" + i, "c" + i);
        }

        var (connection, joined) = await user.ConnectToRoomAsync(roomId);
        var older = await connection.InvokeAsync<IReadOnlyList<ChatMessage>>("GetOlder", roomId, joined.Messages[0].Seq);

        Assert.Equal(Enumerable.Range(11, 50).Select(i => "m" + i), joined.Messages.Select(m => m.Text));
        Assert.False(joined.HasMore);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => "m" + i), older.Select(m => m.Text));
    }

    [Fact]
    public async Task A_room_has_one_stream_subscription_per_process_released_by_the_last_connection()
    {
        await using var user = await TestUser.SignUpAsync(app);
        var roomId = await HubTestRooms.NewPublicAsync(Grains, user.UserName);
        var subscriptions = app.Services.GetRequiredService<RoomSubscriptions>();

        var (first, _) = await user.ConnectToRoomAsync(roomId);
        var (second, _) = await user.ConnectToRoomAsync(roomId);
        Assert.True(subscriptions.IsSubscribed(roomId));
        Assert.Equal(2, subscriptions.ConnectionCount(roomId));

        await first.InvokeAsync("LeaveRoom", roomId);
        Assert.Equal(1, subscriptions.ConnectionCount(roomId));
        Assert.True(subscriptions.IsSubscribed(roomId));

        await second.StopAsync(); // disconnect without leaving: OnDisconnectedAsync must release it
        await HubTestRooms.WaitUntil(() => !subscriptions.IsSubscribed(roomId));
        Assert.Equal(0, subscriptions.ConnectionCount(roomId));
    }
}
