using Chapp.Grains;
using Chapp.Web.Chat;
using Chapp.Web.Chat.Rooms;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Chapp.Web.Tests;

/// <summary>The hub contract, driven with the .NET SignalR client as a second process would.</summary>
[Collection(WebCollection.Name)]
public sealed class HubTests(AppFixture app)
{
    private IGrainFactory Grains => app.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task Unauthenticated_connection_is_refused()
    {
        await using var anonymous = TestUser.Anonymous(app);
        var connection = anonymous.NewHubConnection();

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }

    [Fact]
    public async Task Empty_and_too_long_messages_are_refused_and_nothing_is_stored()
    {
        await using var user = await TestUser.SignUpAsync(app);
        var roomId = await NewPublicRoom(user.UserName);
        var (connection, _) = await user.ConnectToRoomAsync(roomId);

        var empty = await Assert.ThrowsAsync<HubException>(() => TestUser.SendAsync(connection, roomId, "   "));
        var tooLong = await Assert.ThrowsAsync<HubException>(() => TestUser.SendAsync(connection, roomId, new string('x', 4001)));

        Assert.Contains("A message cannot be empty.", empty.Message);
        Assert.Contains("at most 4000 characters", tooLong.Message);
        var history = await connection.InvokeAsync<IReadOnlyList<ChatMessage>>("GetMissed", roomId, 0L);
        Assert.Empty(history);
    }

    [Fact]
    public async Task A_retried_client_message_id_is_stored_once()
    {
        await using var user = await TestUser.SignUpAsync(app);
        var roomId = await NewPublicRoom(user.UserName);
        var (connection, _) = await user.ConnectToRoomAsync(roomId);

        var first = await TestUser.SendAsync(connection, roomId, "hello once", "retry-1");
        var again = await TestUser.SendAsync(connection, roomId, "hello once", "retry-1");

        Assert.Equal(first.Seq, again.Seq);
        Assert.Equal(first.Id, again.Id);
        var history = await connection.InvokeAsync<IReadOnlyList<ChatMessage>>("GetMissed", roomId, 0L);
        Assert.Equal(["hello once"], history.Select(m => m.Text));
    }

    [Fact]
    public async Task A_message_sent_on_one_connection_arrives_on_another_in_the_room()
    {
        await using var alice = await TestUser.SignUpAsync(app, displayName: "Alice A.");
        await using var bob = await TestUser.SignUpAsync(app);
        var roomId = await NewPublicRoom(alice.UserName);
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
        var roomId = await NewPublicRoom(alice.UserName);
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
        var roomId = await NewPublicRoom(alice.UserName);
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
    public async Task Join_after_a_sequence_number_returns_only_what_came_after_it()
    {
        await using var user = await TestUser.SignUpAsync(app);
        var roomId = await NewPublicRoom(user.UserName);
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
        var roomId = await NewPublicRoom(user.UserName);
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
    public async Task Unknown_room_is_refused()
    {
        await using var user = await TestUser.SignUpAsync(app);
        var connection = user.NewHubConnection();
        await connection.StartAsync();

        var join = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<JoinResult>("JoinRoom", "no-such-room-here", 0L));
        var send = await Assert.ThrowsAsync<HubException>(() => TestUser.SendAsync(connection, "no-such-room-here", "hello?"));
        var bad = await Assert.ThrowsAsync<HubException>(() => TestUser.SendAsync(connection, "Not A Room!", "hello?"));

        Assert.Contains("There is no room 'no-such-room-here'", join.Message);
        Assert.Contains("There is no room 'no-such-room-here'", send.Message);
        Assert.Contains("A room id is", bad.Message);
    }

    [Fact]
    public async Task Sending_faster_than_the_limit_is_refused_with_a_readable_error()
    {
        await using var user = await TestUser.SignUpAsync(app);
        var roomId = await NewPublicRoom(user.UserName);
        var (connection, _) = await user.ConnectToRoomAsync(roomId);

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            try
            {
                await TestUser.SendAsync(connection, roomId, "burst " + i);
                return null;
            }
            catch (HubException error)
            {
                return error.Message;
            }
        }));

        var refused = results.Where(r => r is not null).ToArray();
        Assert.NotEmpty(refused);
        Assert.All(refused, r => Assert.Contains("too fast", r));
        var stored = await connection.InvokeAsync<IReadOnlyList<ChatMessage>>("GetMissed", roomId, 0L);
        Assert.Equal(40 - refused.Length, stored.Count);
    }

    [Fact]
    public async Task A_room_has_one_stream_subscription_per_process_released_by_the_last_connection()
    {
        await using var user = await TestUser.SignUpAsync(app);
        var roomId = await NewPublicRoom(user.UserName);
        var subscriptions = app.Services.GetRequiredService<RoomSubscriptions>();

        var (first, _) = await user.ConnectToRoomAsync(roomId);
        var (second, _) = await user.ConnectToRoomAsync(roomId);
        Assert.True(subscriptions.IsSubscribed(roomId));
        Assert.Equal(2, subscriptions.ConnectionCount(roomId));

        await first.InvokeAsync("LeaveRoom", roomId);
        Assert.Equal(1, subscriptions.ConnectionCount(roomId));
        Assert.True(subscriptions.IsSubscribed(roomId));

        await second.StopAsync(); // disconnect without leaving: OnDisconnectedAsync must release it
        await WaitFor(() => !subscriptions.IsSubscribed(roomId));
        Assert.Equal(0, subscriptions.ConnectionCount(roomId));
    }

    [Fact]
    public async Task Presence_lists_who_joined_and_drops_a_user_whose_connection_stopped()
    {
        await using var alice = await TestUser.SignUpAsync(app);
        await using var bob = await TestUser.SignUpAsync(app);
        var roomId = await NewPublicRoom(alice.UserName);
        var aliceConnection = alice.NewHubConnection();
        var seen = new PresenceLog();
        aliceConnection.On<RoomPresence>("presence", seen.Add);
        await aliceConnection.StartAsync();
        await aliceConnection.InvokeAsync<JoinResult>("JoinRoom", roomId, 0L);

        var (bobConnection, _) = await bob.ConnectToRoomAsync(roomId);
        string[] both = [alice.UserName, bob.UserName];
        await seen.WaitFor(p => p.UserNames.Order().SequenceEqual(both.Order()));
        var framesSoFar = seen.All.Count;

        await bobConnection.StopAsync();
        await seen.WaitFor(p => p.UserNames.SequenceEqual([alice.UserName]), after: framesSoFar);
        Assert.All(seen.All, p => Assert.Equal(roomId, p.RoomId));
    }

    [Fact]
    public async Task A_joining_connection_gets_the_current_presence_without_waiting_for_a_change()
    {
        await using var alice = await TestUser.SignUpAsync(app);
        var roomId = await NewPublicRoom(alice.UserName);
        var (first, _) = await alice.ConnectToRoomAsync(roomId);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!(await Grains.GetRoomPresence(roomId).Get()).Contains(alice.UserName))
        {
            Assert.True(DateTime.UtcNow < deadline, "The join was not reported to the presence grain within 5 s.");
            await Task.Delay(20);
        }

        // A second tab of the same user changes nothing, so only the join itself can tell it who is here.
        var second = alice.NewHubConnection();
        var seen = new PresenceLog();
        second.On<RoomPresence>("presence", seen.Add);
        await second.StartAsync();
        await second.InvokeAsync<JoinResult>("JoinRoom", roomId, 0L);

        await seen.WaitFor(p => p.UserNames.SequenceEqual([alice.UserName]));
        await first.StopAsync();
    }

    private async Task<string> NewPublicRoom(string creator)
    {
        var roomId = "t-" + Guid.NewGuid().ToString("N")[..12];
        await Grains.GetRoom(roomId).Create("Room " + roomId, RoomKind.Public, creator, []);
        return roomId;
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not become true within 5 s.");
            await Task.Delay(20);
        }
    }

    /// <summary>The "presence" frames a connection received, waited on by condition.</summary>
    private sealed class PresenceLog
    {
        private readonly List<RoomPresence> _all = [];
        private readonly SemaphoreSlim _arrived = new(0);

        public IReadOnlyList<RoomPresence> All
        {
            get
            {
                lock (_all)
                {
                    return _all.ToArray();
                }
            }
        }

        public void Add(RoomPresence presence)
        {
            lock (_all)
            {
                _all.Add(presence);
            }

            _arrived.Release();
        }

        /// <summary>Waits for a frame matching <paramref name="match"/> among those from index <paramref name="after"/> on.</summary>
        public async Task<RoomPresence> WaitFor(Func<RoomPresence, bool> match, int after = 0)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            for (;;)
            {
                var found = All.Skip(after).FirstOrDefault(match);
                if (found is not null)
                {
                    return found;
                }

                var left = deadline - DateTime.UtcNow;
                Assert.True(left > TimeSpan.Zero && await _arrived.WaitAsync(left),
                    "Expected presence did not arrive; got: " + string.Join(" | ", All.Select(p => "[" + string.Join(", ", p.UserNames) + "]")));
            }
        }
    }
}
